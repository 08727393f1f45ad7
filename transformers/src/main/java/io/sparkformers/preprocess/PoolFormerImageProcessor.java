package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;

/**
 * PoolFormer: with {@code crop_pct} the short side goes to {@code int(shortest_edge / crop_pct)} (a square {@code
 * height × width} counts as that edge; an oblong one is warped to each side over {@code crop_pct}), then {@code
 * crop_size} is center-cropped; without it, the size is used as it stands. {@code longest_edge} is not read.
 */
public final class PoolFormerImageProcessor extends ImageProcessor {
    private static final long serialVersionUID = 1L;
    private final double cropPct;

    PoolFormerImageProcessor(JsonNode cfg, String where) {
        super(cfg, where, false);
        JsonNode pct = cfg.path("crop_pct");
        this.cropPct = pct.isNumber() ? pct.asDouble() : Double.NaN;
        if (Double.isNaN(cropPct) && doCenterCrop) {
            throw new ModelException(where + ": PoolFormerImageProcessor needs crop_pct when do_center_crop is true"
                    + " (transformers refuses it too), got " + pct);
        }
    }

    @Override
    protected int[] resizeTarget(int h, int w) {
        boolean scaled = !Double.isNaN(cropPct);
        if (!size.isExact()) {
            int edge = scaled ? (int) (size.shortestEdge() / cropPct) : size.shortestEdge();
            return SizeSpec.shortestEdgeSize(h, w, edge, 0);
        }
        if (!scaled) {
            return new int[] {size.height(), size.width()};
        }
        if (size.height() == size.width()) {
            return SizeSpec.shortestEdgeSize(h, w, (int) (size.height() / cropPct), 0);
        }
        return new int[] {(int) (size.height() / cropPct), (int) (size.width() / cropPct)};
    }

    @Override
    public int[] fixedOutputSize() {
        if (doCenterCrop) {
            return new int[] {cropSize.height(), cropSize.width()};
        }
        boolean oblong = size.isExact() && (Double.isNaN(cropPct) || size.height() != size.width());
        return doResize && oblong ? resizeTarget(1, 1) : null;
    }
}

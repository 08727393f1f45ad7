package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.RgbImage;

/**
 * ConvNeXt / ConvNeXt V2: below 384 the short side goes to {@code int(shortest_edge / crop_pct)} and the center
 * {@code shortest_edge²} is cropped; from 384 on the image is warped to a square and {@code crop_pct} is ignored.
 */
public final class ConvNextImageProcessor extends ImageProcessor {
    private static final long serialVersionUID = 1L;
    private final double cropPct;

    ConvNextImageProcessor(JsonNode cfg, String where) {
        super(cfg, where, false);
        this.cropPct = cfg.path("crop_pct").asDouble(224.0 / 256.0);
    }

    @Override
    public RgbImage resizeAndCrop(RgbImage img) {
        if (!doResize) {
            return img;
        }
        int s = size.shortestEdge() > 0 ? size.shortestEdge() : size.height();
        if (s >= 384) {
            return img.width() == s && img.height() == s ? img : PillowResize.resize(img, s, s, resample);
        }
        int[] hw = SizeSpec.shortestEdgeSize(img.height(), img.width(), (int) (s / cropPct), 0);
        RgbImage resized =
                hw[0] == img.height() && hw[1] == img.width() ? img : PillowResize.resize(img, hw[1], hw[0], resample);
        return centerCrop(resized, s, s);
    }

    @Override
    public int[] fixedOutputSize() {
        int s = size.shortestEdge() > 0 ? size.shortestEdge() : size.height();
        return doResize ? new int[] {s, s} : null;
    }
}

package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;

/** LeViT: the short side goes to {@code int(256 / 224 * shortest_edge)}, then {@code crop_size} is center-cropped. */
public final class LevitImageProcessor extends ImageProcessor {
    private static final long serialVersionUID = 1L;

    LevitImageProcessor(JsonNode cfg, String where) {
        super(cfg, where, false);
    }

    @Override
    protected int[] resizeTarget(int h, int w) {
        if (size.isExact()) {
            return size.resolve(h, w);
        }
        return SizeSpec.shortestEdgeSize(h, w, (int) ((256.0 / 224.0) * size.shortestEdge()), 0);
    }
}

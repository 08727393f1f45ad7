package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;

/** Mask2Former / MaskFormer: the usual resize, then each side rounded up to a multiple of {@code size_divisor}. */
public final class Mask2FormerImageProcessor extends ImageProcessor {
    private static final long serialVersionUID = 1L;
    private final int sizeDivisor;

    Mask2FormerImageProcessor(JsonNode cfg, String where) {
        super(cfg, where, false);
        this.sizeDivisor = cfg.path("size_divisor").asInt(32);
    }

    @Override
    protected int[] resizeTarget(int h, int w) {
        int[] hw = size.resolve(h, w);
        if (sizeDivisor > 0) {
            hw[0] = (int) Math.ceil((double) hw[0] / sizeDivisor) * sizeDivisor;
            hw[1] = (int) Math.ceil((double) hw[1] / sizeDivisor) * sizeDivisor;
        }
        return hw;
    }
}

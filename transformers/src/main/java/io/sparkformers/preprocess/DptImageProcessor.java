package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;

/**
 * DPT: each side scaled towards {@code height × width} — with {@code keep_aspect_ratio} both by the scale that
 * changes the image least — then rounded to a multiple of {@code ensure_multiple_of} (half to even, as Python's
 * {@code round} in transformers' {@code constraint_to_multiple_of}). {@code do_pad} (zero padding after
 * normalisation to a multiple of {@code size_divisor}) is refused.
 */
public final class DptImageProcessor extends ImageProcessor {
    private static final long serialVersionUID = 1L;
    private final boolean keepAspectRatio;
    private final int multiple;

    DptImageProcessor(JsonNode cfg, String where) {
        super(cfg, where, true);
        this.keepAspectRatio = cfg.path("keep_aspect_ratio").asBoolean(false);
        this.multiple = cfg.path("ensure_multiple_of").asInt(1);
        if (multiple < 1) {
            throw new ModelException(where + ": ensure_multiple_of must be at least 1, got " + multiple);
        }
        if (cfg.path("do_pad").asBoolean(false)) {
            throw new ModelException(where + ": DPTImageProcessor with do_pad=true (zero padding after normalisation"
                    + " to a multiple of size_divisor) is not supported; export with do_pad=false");
        }
        if (doResize && !size.isExact()) {
            throw new ModelException(where + ": DPTImageProcessor needs size {height, width}, got " + size);
        }
    }

    @Override
    protected int[] resizeTarget(int h, int w) {
        double scaleH = (double) size.height() / h;
        double scaleW = (double) size.width() / w;
        if (keepAspectRatio) {
            if (Math.abs(1 - scaleW) < Math.abs(1 - scaleH)) {
                scaleH = scaleW;
            } else {
                scaleW = scaleH;
            }
        }
        return new int[] {toMultiple(scaleH * h), toMultiple(scaleW * w)};
    }

    /** transformers' {@code constraint_to_multiple_of(val, multiple)}: rounded half to even, at least 0. */
    private int toMultiple(double v) {
        return (int) Math.rint(v / multiple) * multiple;
    }

    @Override
    public int[] fixedOutputSize() {
        return doResize && !keepAspectRatio ? new int[] {toMultiple(size.height()), toMultiple(size.width())} : null;
    }
}

package io.sparkformers.preprocess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.model.ModelException;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face image processor rebuilt from {@code preprocessor_config.json}: resize (Pillow-exact), center crop,
 * rescale and normalise into a channels-first float tensor. This base class is the generic processor (BiT for
 * DINOv2, BEiT for Data2Vec-Vision, ViT for DiNAT, and any processor that follows the common {@code size} /
 * {@code crop_size} rules); families whose resize differs override {@link #resizeTarget}.
 */
public class ImageProcessor implements Serializable {
    private static final long serialVersionUID = 1L;

    protected final String type;
    protected final boolean doResize;
    protected final SizeSpec size;
    protected final int resample;
    protected final boolean doCenterCrop;
    protected final SizeSpec cropSize;
    private final float[][] lut;
    private final boolean flipChannelOrder;

    protected ImageProcessor(JsonNode cfg, String where, boolean defaultToSquare) {
        // fromConfig has written the class it resolved into the config it hands over.
        this.type = cfg.path("image_processor_type").asText("");
        this.doResize = cfg.path("do_resize").asBoolean(true);
        this.size = SizeSpec.parse(cfg.get("size"), defaultToSquare, where + ": size");
        this.resample = cfg.path("resample").asInt(PillowResize.BILINEAR);
        this.doCenterCrop = cfg.path("do_center_crop").asBoolean(false) && cfg.hasNonNull("crop_size");
        this.cropSize = doCenterCrop ? SizeSpec.parse(cfg.get("crop_size"), true, where + ": crop_size") : null;
        if (doResize && size == null) {
            throw new ModelException(where + ": do_resize is true but size is missing");
        }
        boolean doRescale = cfg.path("do_rescale").asBoolean(true);
        double rescale = cfg.path("rescale_factor").asDouble(1.0 / 255.0);
        boolean doNormalize = cfg.path("do_normalize").asBoolean(true);
        float[] mean = triple(cfg.get("image_mean"), 0.5f, where + ": image_mean");
        float[] std = triple(cfg.get("image_std"), 0.5f, where + ": image_std");
        // EfficientNet: rescale_offset maps [0, 2] to [-1, 1]; include_top divides by std once more after normalising.
        boolean rescaleOffset = cfg.path("rescale_offset").asBoolean(false);
        boolean includeTop = cfg.path("include_top").asBoolean(false);
        this.flipChannelOrder = cfg.path("do_flip_channel_order").asBoolean(false);
        // transformers: x = float32(u8 * rescale) in float64 then cast; (x - mean) / std in float32.
        this.lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float x = doRescale ? (float) (v * rescale) : (float) v;
                if (doRescale && rescaleOffset) {
                    x -= 1f;
                }
                if (doNormalize) {
                    x = (x - mean[c]) / std[c];
                }
                lut[c][v] = includeTop ? x / std[c] : x;
            }
        }
    }

    /**
     * The processors whose rules this library reproduces, by {@code image_processor_type}: the families with a resize
     * of their own, and the generic processor (square {@code size} by default, or shortest-edge for those whose own
     * default is an edge: BiT, CLIP, MobileNetV2).
     */
    static final List<String> KNOWN = List.of(
            "BeitImageProcessor",
            "BitImageProcessor",
            "CLIPImageProcessor",
            "ConvNextImageProcessor",
            "DPTImageProcessor",
            "DeiTImageProcessor",
            "EfficientNetImageProcessor",
            "LevitImageProcessor",
            "Mask2FormerImageProcessor",
            "MaskFormerImageProcessor",
            "MobileNetV1ImageProcessor",
            "MobileNetV2ImageProcessor",
            "MobileViTImageProcessor",
            "PoolFormerImageProcessor",
            "SegformerImageProcessor",
            "ViTImageProcessor");

    /** The processor for a {@code preprocessor_config.json} alone (its type must be named in it). */
    public static ImageProcessor fromConfig(JsonNode config, String where) {
        return fromConfig(config, null, where);
    }

    /**
     * The processor for {@code preprocessor_config.json}, of the class transformers builds for it ({@link
     * ProcessorTypes#imageProcessor}: the type it names under either key, else {@code modelConfig}'s); a class not in
     * {@link #KNOWN} is refused with the list, never run through a processor it may not be.
     */
    public static ImageProcessor fromConfig(JsonNode config, JsonNode modelConfig, String where) {
        if (config == null || config.isMissingNode() || !config.isObject()) {
            throw new ModelException(
                    where + " is missing or not a JSON object; an image model needs preprocessor_config.json");
        }
        String t = ProcessorTypes.imageProcessor(config, modelConfig);
        // As transformers builds a processor: its class's defaults, then every key the config states, then the keys
        // the class does not read set to what it does instead.
        ObjectNode cfg = CLASS_DEFAULTS.containsKey(t) ? CLASS_DEFAULTS.get(t).deepCopy() : JSON.createObjectNode();
        cfg.setAll((ObjectNode) config);
        cfg.put("image_processor_type", t);
        for (String key : List.of("do_flip_channel_order", "rescale_offset", "include_top", "do_center_crop")) {
            if (!READS.getOrDefault(key, List.of(t)).contains(t)) {
                cfg.put(key, false);
            }
        }
        if (t.equals("MobileViTImageProcessor")) {
            cfg.put("do_normalize", false);
        }
        return switch (t) {
            case "ConvNextImageProcessor" -> new ConvNextImageProcessor(cfg, where);
            case "LevitImageProcessor" -> new LevitImageProcessor(cfg, where);
            case "Mask2FormerImageProcessor", "MaskFormerImageProcessor" -> new Mask2FormerImageProcessor(cfg, where);
            case "PoolFormerImageProcessor" -> new PoolFormerImageProcessor(cfg, where);
            case "DPTImageProcessor" -> new DptImageProcessor(cfg, where);
            case "BitImageProcessor",
                    "CLIPImageProcessor",
                    "MobileNetV1ImageProcessor",
                    "MobileNetV2ImageProcessor",
                    "MobileViTImageProcessor" -> new ImageProcessor(cfg, where, false);
            case "ViTImageProcessor",
                    "BeitImageProcessor",
                    "DeiTImageProcessor",
                    "SegformerImageProcessor",
                    "EfficientNetImageProcessor" -> new ImageProcessor(cfg, where, true);
            default ->
                throw new ModelException(where + ": image_processor_type '"
                        + (t.isEmpty() ? "(none, and config.json's model_type maps to none)" : t)
                        + "' is not supported; known: " + KNOWN);
        };
    }

    /**
     * Keys only some processor classes read, with those classes; for every other class the key is off whatever the
     * config says (a ViT or SegFormer processor never center-crops, only MobileViT flips channels).
     */
    private static final Map<String, List<String>> READS = Map.of(
            "do_flip_channel_order", List.of("MobileViTImageProcessor"),
            "rescale_offset", List.of("EfficientNetImageProcessor"),
            "include_top", List.of("EfficientNetImageProcessor"),
            "do_center_crop",
                    List.of(
                            "BeitImageProcessor",
                            "BitImageProcessor",
                            "CLIPImageProcessor",
                            "ConvNextImageProcessor",
                            "DeiTImageProcessor",
                            "EfficientNetImageProcessor",
                            "LevitImageProcessor",
                            "MobileNetV1ImageProcessor",
                            "MobileNetV2ImageProcessor",
                            "MobileViTImageProcessor",
                            "PoolFormerImageProcessor"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGENET_DEFAULT =
            "\"image_mean\": [0.485, 0.456, 0.406], \"image_std\": [0.229, 0.224, 0.225]";
    private static final String OPENAI_CLIP = "\"image_mean\": [0.48145466, 0.4578275, 0.40821073],"
            + " \"image_std\": [0.26862954, 0.26130258, 0.27577711]";
    private static final String CROP_224 = "\"do_center_crop\": true, \"crop_size\": {\"height\": 224, \"width\": 224}";

    /** CLIP's and BiT's defaults (BiT is CLIP's processor under another name). */
    private static final String CLIP_LIKE =
            "\"size\": {\"shortest_edge\": 224}, \"resample\": 3, " + CROP_224 + ", " + OPENAI_CLIP;
    /** MobileNet V1's and V2's defaults. */
    private static final String MOBILENET = "\"size\": {\"shortest_edge\": 256}, \"resample\": 2, " + CROP_224;

    /** The {@code __init__} defaults of each processor class in transformers 4.37, for keys a config leaves out. */
    private static final Map<String, ObjectNode> CLASS_DEFAULTS = Map.ofEntries(
            Map.entry("ViTImageProcessor", defaults("\"size\": {\"height\": 224, \"width\": 224}, \"resample\": 2")),
            Map.entry(
                    "BeitImageProcessor",
                    defaults("\"size\": {\"height\": 256, \"width\": 256}, \"resample\": 3, " + CROP_224)),
            Map.entry(
                    "DeiTImageProcessor",
                    defaults("\"size\": {\"height\": 256, \"width\": 256}, \"resample\": 3, " + CROP_224)),
            Map.entry(
                    "ConvNextImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 384}, \"resample\": 2, \"crop_pct\": 0.875")),
            Map.entry("CLIPImageProcessor", defaults(CLIP_LIKE)),
            Map.entry("BitImageProcessor", defaults(CLIP_LIKE)),
            Map.entry("MobileNetV1ImageProcessor", defaults(MOBILENET)),
            Map.entry("MobileNetV2ImageProcessor", defaults(MOBILENET)),
            Map.entry(
                    "MobileViTImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 224}, \"resample\": 2, \"do_center_crop\": true,"
                            + " \"crop_size\": {\"height\": 256, \"width\": 256}, \"do_flip_channel_order\": true")),
            Map.entry(
                    "PoolFormerImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 224}, \"crop_pct\": 0.9, \"resample\": 3, " + CROP_224
                            + ", " + IMAGENET_DEFAULT)),
            Map.entry(
                    "SegformerImageProcessor",
                    defaults("\"size\": {\"height\": 512, \"width\": 512}, \"resample\": 2, " + IMAGENET_DEFAULT)),
            Map.entry(
                    "EfficientNetImageProcessor",
                    defaults("\"size\": {\"height\": 346, \"width\": 346}, \"resample\": 0, \"do_center_crop\": false,"
                            + " \"crop_size\": {\"height\": 289, \"width\": 289}, \"rescale_offset\": false,"
                            + " \"include_top\": true")),
            Map.entry(
                    "DPTImageProcessor",
                    defaults("\"size\": {\"height\": 384, \"width\": 384}, \"resample\": 3,"
                            + " \"keep_aspect_ratio\": false, \"ensure_multiple_of\": 1, \"do_pad\": false")),
            Map.entry(
                    "LevitImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 224}, \"resample\": 3, " + CROP_224 + ", "
                            + IMAGENET_DEFAULT)),
            Map.entry(
                    "Mask2FormerImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 800, \"longest_edge\": 1333}, \"resample\": 2,"
                            + " \"size_divisor\": 32, " + IMAGENET_DEFAULT)),
            Map.entry(
                    "MaskFormerImageProcessor",
                    defaults("\"size\": {\"shortest_edge\": 800, \"longest_edge\": 1333}, \"resample\": 2,"
                            + " \"size_divisor\": 32, " + IMAGENET_DEFAULT)));

    private static ObjectNode defaults(String fields) {
        try {
            return (ObjectNode) JSON.readTree("{" + fields + "}");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] triple(JsonNode n, float dflt, String where) {
        float[] out = {dflt, dflt, dflt};
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isNumber()) {
            out[0] = out[1] = out[2] = n.floatValue();
            return out;
        }
        if (!n.isArray() || n.size() != 3) {
            throw new ModelException(where + " must be a number or 3 numbers, got " + n);
        }
        for (int i = 0; i < 3; i++) {
            out[i] = n.get(i).floatValue();
        }
        return out;
    }

    public String type() {
        return type;
    }

    /** The uint8 stage: resize then center crop, as the processor's {@code preprocess} orders them. */
    public RgbImage resizeAndCrop(RgbImage img) {
        RgbImage out = img;
        if (doResize) {
            int[] hw = resizeTarget(img.height(), img.width());
            if (hw[0] != img.height() || hw[1] != img.width()) {
                out = PillowResize.resize(img, hw[1], hw[0], resample);
            }
        }
        if (doCenterCrop) {
            out = centerCrop(out, cropSize.height(), cropSize.width());
        }
        return out;
    }

    /** (height, width) after resizing an image of the given size. */
    protected int[] resizeTarget(int h, int w) {
        return size.resolve(h, w);
    }

    /** The fixed (height, width) of every output, or null when it depends on the input size. */
    public int[] fixedOutputSize() {
        if (doCenterCrop) {
            return new int[] {cropSize.height(), cropSize.width()};
        }
        if (doResize && size.isExact()) {
            return resizeTarget(1, 1);
        }
        return null;
    }

    /** Rescales and normalises {@code img} into {@code dst} as channels-first floats starting at {@code offset}. */
    public void writeChw(RgbImage img, FloatBuffer dst, int offset) {
        int plane = img.width() * img.height();
        byte[] d = img.data();
        float[] l0 = lut[0];
        float[] l1 = lut[1];
        float[] l2 = lut[2];
        // MobileViT's flip_channel_order: the planes go out BGR.
        int first = flipChannelOrder ? 2 * plane : 0;
        int last = flipChannelOrder ? 0 : 2 * plane;
        for (int p = 0, s = 0; p < plane; p++, s += 3) {
            dst.put(offset + first + p, l0[d[s] & 0xFF]);
            dst.put(offset + plane + p, l1[d[s + 1] & 0xFF]);
            dst.put(offset + last + p, l2[d[s + 2] & 0xFF]);
        }
    }

    /**
     * transformers' (4.37) {@code center_crop}: top/left = floor((size - crop) / 2); an image smaller than the crop is
     * first zero-padded around its centre by floor((crop - size) / 2) before, and the window is clipped to the padded
     * image — so where that padding is odd the result is one pixel short of the crop, as transformers returns it.
     */
    public static RgbImage centerCrop(RgbImage img, int ch, int cw) {
        int h = img.height();
        int w = img.width();
        if (h == ch && w == cw) {
            return img;
        }
        int top = Math.floorDiv(h - ch, 2);
        int left = Math.floorDiv(w - cw, 2);
        if (top < 0 || left < 0) {
            int nh = Math.max(h, ch);
            int nw = Math.max(w, cw);
            int topPad = (nh - h) / 2;
            int leftPad = (nw - w) / 2;
            int y0 = Math.max(0, top + topPad);
            int y1 = Math.min(nh, top + ch + topPad);
            int x0 = Math.max(0, left + leftPad);
            int x1 = Math.min(nw, left + cw + leftPad);
            int oh = y1 - y0;
            int ow = x1 - x0;
            // Padding then cropping, without the padded copy: the overlap of the window and the image is copied.
            byte[] out = new byte[oh * ow * 3];
            for (int y = y0; y < y1; y++) {
                int sy = y - topPad;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                for (int x = x0; x < x1; x++) {
                    int sx = x - leftPad;
                    if (sx >= 0 && sx < w) {
                        System.arraycopy(img.data(), (sy * w + sx) * 3, out, ((y - y0) * ow + x - x0) * 3, 3);
                    }
                }
            }
            return new RgbImage(ow, oh, out);
        }
        byte[] out = new byte[ch * cw * 3];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(img.data(), ((top + y) * w + left) * 3, out, y * cw * 3, cw * 3);
        }
        return new RgbImage(cw, ch, out);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s(size=%s, resample=%d, crop=%s)",
                type.isEmpty() ? "ImageProcessor" : type,
                size,
                resample,
                cropSize);
    }
}

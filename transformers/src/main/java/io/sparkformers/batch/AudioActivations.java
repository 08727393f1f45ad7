package io.sparkformers.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Locale;

/**
 * Estimates, before running, the activation memory one clip takes in a wav2vec2-style graph (conv feature encoder,
 * then a transformer over its frames), from {@code config.json}. Self-attention holds a {@code heads × frames²} float
 * matrix per layer — quadratic in the clip's length, which is what takes an executor down on long audio — and ONNX
 * Runtime keeps about three of them alive at once (scores, mask-added scores, softmax). The conv encoder's largest
 * layer holds its input and output ({@code channels × steps} floats each), and each transformer layer holds the
 * feed-forward activations. Checked on the tiny fixture model: a 10-minute clip is estimated at 21.6 GB, where the
 * process peaked at 19.3 GB.
 *
 * @param fixedFrames frames of an encoder over a fixed window (Whisper's 1500 for 30 s of log-mel); 0: derived from the
 *     clip
 * @param fixedConv floats the fixed-window encoder's convolutions hold at once
 */
public record AudioActivations(
        int[] kernels,
        int[] strides,
        int[] channels,
        int heads,
        int hidden,
        int intermediate,
        int fixedFrames,
        long fixedConv)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int LIVE_ATTENTION_MATRICES = 3;

    /** A wav2vec2-style encoder: conv layers of these kernels, strides and channels, then a transformer. */
    public AudioActivations(int[] kernels, int[] strides, int[] channels, int heads, int hidden, int intermediate) {
        this(kernels, strides, channels, heads, hidden, intermediate, 0, 0);
    }

    /**
     * From an audio model's {@code config.json}: a Whisper-style encoder (log-mel input, {@code num_mel_bins}) runs a
     * fixed window of {@code max_source_positions} frames after two convolutions over twice as many; otherwise a
     * wav2vec2-style one, with wav2vec2-base's values where a key is missing.
     */
    public static AudioActivations of(JsonNode cfg) {
        if (cfg.has("num_mel_bins")) {
            int frames = cfg.path("max_source_positions").asInt(1500);
            int hidden = cfg.path("d_model").asInt(384);
            long conv = 2L * frames * (cfg.path("num_mel_bins").asInt() + 2L * hidden);
            return new AudioActivations(
                    new int[] {1},
                    new int[] {1},
                    new int[] {hidden},
                    cfg.path("encoder_attention_heads").asInt(6),
                    hidden,
                    cfg.path("encoder_ffn_dim").asInt(1536),
                    frames,
                    conv);
        }
        int[] kernels = ints(cfg.path("conv_kernel"), new int[] {10, 3, 3, 3, 3, 2, 2});
        return new AudioActivations(
                kernels,
                ints(cfg.path("conv_stride"), new int[] {5, 2, 2, 2, 2, 2, 2}),
                ints(cfg.path("conv_dim"), new int[] {512, 512, 512, 512, 512, 512, 512}),
                cfg.path("num_attention_heads").asInt(12),
                cfg.path("hidden_size").asInt(768),
                cfg.path("intermediate_size").asInt(3072));
    }

    /** Samples per output frame: the product of the conv strides (transformers' {@code inputs_to_logits_ratio}). */
    public int hop() {
        int r = 1;
        for (int s : strides) {
            r *= s;
        }
        return r;
    }

    /** Frames the conv feature encoder makes of {@code samples} samples: L = ⌊(L − k) / s⌋ + 1 per layer. */
    public int frames(int samples) {
        if (fixedFrames > 0) {
            return fixedFrames;
        }
        int l = samples;
        for (int i = 0; i < kernels.length; i++) {
            l = Math.max(0, (l - kernels[i]) / strides[i] + 1);
        }
        return l;
    }

    /** Estimated bytes of activations for one clip of {@code samples} samples (one batch row). */
    public long bytes(int samples) {
        if (fixedFrames > 0) {
            long f = fixedFrames;
            return 4 * (fixedConv + LIVE_ATTENTION_MATRICES * (long) heads * f * f + f * (4L * hidden + intermediate));
        }
        long conv = 0;
        long steps = samples;
        for (int i = 0; i < kernels.length; i++) {
            long in = steps * (i == 0 ? 1 : channels[Math.min(i - 1, channels.length - 1)]);
            steps = Math.max(0, (steps - kernels[i]) / strides[i] + 1);
            long out = steps * channels[Math.min(i, channels.length - 1)];
            conv = Math.max(conv, in + out);
        }
        long f = steps;
        long attention = LIVE_ATTENTION_MATRICES * (long) heads * f * f;
        long layer = f * (4L * hidden + intermediate);
        return 4 * (conv + attention + layer);
    }

    /** "a clip of 600.0 s (30000 frames)". */
    public String describe(int samples, int rate) {
        return String.format(Locale.ROOT, "a clip of %.1f s (%d frames)", samples / (double) rate, frames(samples));
    }

    private static int[] ints(JsonNode n, int[] dflt) {
        if (!n.isArray() || n.isEmpty()) {
            return dflt;
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }
}

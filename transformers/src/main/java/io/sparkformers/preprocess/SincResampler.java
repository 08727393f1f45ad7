package io.sparkformers.preprocess;

/**
 * torchaudio's {@code functional.resample} (0.13, default {@code sinc_interp_hann}, {@code lowpass_filter_width}
 * 6, {@code rolloff} 0.99): a bank of {@code new/gcd} windowed-sinc kernels applied with stride {@code orig/gcd},
 * computed in float32 like torchaudio does for float32 waveforms. The HF audio pipelines resample with it.
 */
public final class SincResampler {
    private static final int LOWPASS_FILTER_WIDTH = 6;
    private static final double ROLLOFF = 0.99;

    private SincResampler() {}

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public static float[] resample(float[] x, int origFreq, int newFreq) {
        if (origFreq == newFreq) {
            return x;
        }
        int g = gcd(origFreq, newFreq);
        int orig = origFreq / g;
        int neu = newFreq / g;
        double baseFreq = Math.min(orig, neu) * ROLLOFF;
        int width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * orig / baseFreq);
        int taps = 2 * width + orig;
        float[][] kernel = new float[neu][taps];
        float base = (float) baseFreq;
        for (int j = 0; j < neu; j++) {
            float phase = (float) -j / (float) neu;
            for (int k = 0; k < taps; k++) {
                float idx = (float) (k - width) / (float) orig;
                float t = (phase + idx) * base;
                t = Math.max(-LOWPASS_FILTER_WIDTH, Math.min(LOWPASS_FILTER_WIDTH, t));
                float c = (float) Math.cos((float) ((float) (t * Math.PI) / LOWPASS_FILTER_WIDTH) / 2);
                float window = c * c;
                float tp = (float) (t * Math.PI);
                float sinc = tp == 0f ? 1f : (float) Math.sin(tp) / tp;
                kernel[j][k] = sinc * (float) (window * (baseFreq / orig));
            }
        }
        int length = x.length;
        int target = (int) Math.ceil((double) neu * length / orig);
        float[] out = new float[target];
        // conv1d over x padded with `width` zeros before and `width + orig` after, stride `orig`.
        for (int i = 0; i * neu < target; i++) {
            int start = i * orig - width;
            for (int j = 0; j < neu && i * neu + j < target; j++) {
                float[] kj = kernel[j];
                float acc = 0f;
                for (int k = 0; k < taps; k++) {
                    int s = start + k;
                    if (s >= 0 && s < length) {
                        acc += x[s] * kj[k];
                    }
                }
                out[i * neu + j] = acc;
            }
        }
        return out;
    }
}

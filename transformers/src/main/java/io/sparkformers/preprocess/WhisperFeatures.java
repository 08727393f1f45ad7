package io.sparkformers.preprocess;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import io.sparkformers.runtime.TensorStaging;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * {@code WhisperFeatureExtractor}: a clip padded with silence (or cut) to {@code chunk_length} seconds, a centred STFT
 * ({@code n_fft}-point periodic Hann window every {@code hop_length} samples, reflect-padded ends, the last frame
 * dropped), power spectrum through {@code feature_size} Slaney mel filters (0–8 kHz, Slaney-normalised), then {@code
 * log10(max(mel, 1e-10))} clamped at 8 below the clip's maximum and scaled {@code (x + 4) / 4}: the {@code
 * input_features} [mel bins, frames] transformers 4.37.2 computes (its torch.stft path). The DFT is computed directly
 * in double precision over the frames that hold audio; frames of silence give the floor without a transform.
 */
public final class WhisperFeatures implements AudioFeatures {
    private static final long serialVersionUID = 1L;
    public static final String INPUT_FEATURES = "input_features";

    private final int samplingRate;
    private final int melBins;
    private final int hop;
    private final int nFft;
    private final int nSamples;
    private final int frames;
    private transient double[][] filters;
    private transient double[] window;
    private transient double[][] cos;
    private transient double[][] sin;

    public WhisperFeatures(JsonNode cfg, String where) {
        this.samplingRate = cfg.path("sampling_rate").asInt(16000);
        this.melBins = cfg.path("feature_size").asInt(80);
        this.hop = cfg.path("hop_length").asInt(160);
        this.nFft = cfg.path("n_fft").asInt(400);
        this.nSamples = cfg.path("chunk_length").asInt(30) * samplingRate;
        if (melBins < 1 || hop < 1 || nFft < 2 || nSamples < nFft) {
            throw new ModelException(where + ": feature_size, hop_length, n_fft and chunk_length must be positive, "
                    + "with chunk_length * sampling_rate at least n_fft");
        }
        this.frames = nSamples / hop;
    }

    @Override
    public int samplingRate() {
        return samplingRate;
    }

    @Override
    public String inputName() {
        return INPUT_FEATURES;
    }

    @Override
    public int maxSamples() {
        return nSamples;
    }

    @Override
    public boolean fixedSize() {
        return true;
    }

    /** Mel bins × frames, mel-major: the layout of one row of {@code input_features}. */
    @Override
    public float[] features(float[] resampled, int from, int to) {
        tables();
        int n = Math.min(to - from, nSamples);
        int bins = nFft / 2 + 1;
        int half = nFft / 2;
        double[] logMel = new double[melBins * frames];
        double[] frame = new double[nFft];
        double[] power = new double[bins];
        double floor = Math.log10(1e-10);
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            int start = t * hop - half;
            boolean silent = true;
            for (int i = 0; i < nFft; i++) {
                int idx = reflect(start + i, nSamples);
                double v = idx < n ? resampled[from + idx] : 0.0;
                frame[i] = v * window[i];
                silent &= v == 0.0;
            }
            if (silent) {
                for (int m = 0; m < melBins; m++) {
                    logMel[m * frames + t] = floor;
                }
                max = Math.max(max, floor);
                continue;
            }
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                double[] c = cos[k];
                double[] s = sin[k];
                for (int i = 0; i < nFft; i++) {
                    re += frame[i] * c[i];
                    im -= frame[i] * s[i];
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < melBins; m++) {
                double[] f = filters[m];
                double e = 0;
                for (int k = 0; k < bins; k++) {
                    e += f[k] * power[k];
                }
                double l = Math.log10(Math.max(e, 1e-10));
                logMel[m * frames + t] = l;
                max = Math.max(max, l);
            }
        }
        float[] out = new float[logMel.length];
        double lowest = max - 8.0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((Math.max(logMel[i], lowest) + 4.0) / 4.0);
        }
        return out;
    }

    /** torch.stft's reflect padding of the centred frames: index {@code i} of a signal of {@code n} samples. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }

    /** {@code input_features} [rows, mel bins, frames]; the graph takes no mask (silence is the padding). */
    @Override
    public Map<String, OnnxTensor> collate(List<float[]> items, int rows, TensorStaging staging, boolean mask)
            throws OrtException {
        int size = melBins * frames;
        FloatBuffer values = staging.floats(INPUT_FEATURES, (long) rows * size);
        for (int i = 0; i < items.size(); i++) {
            values.put(i * size, items.get(i));
        }
        return Map.of(INPUT_FEATURES, TensorStaging.tensor(values, new long[] {rows, melBins, frames}));
    }

    /** The window, DFT and filter tables (built on first use in each JVM: they are not serialised). */
    private synchronized void tables() {
        if (filters != null) {
            return;
        }
        int bins = nFft / 2 + 1;
        double[] w = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
        }
        double[][] c = new double[bins][nFft];
        double[][] s = new double[bins][nFft];
        for (int k = 0; k < bins; k++) {
            for (int i = 0; i < nFft; i++) {
                // k·i mod nFft keeps the angle small, so that large products lose no precision.
                double angle = 2 * Math.PI * ((long) k * i % nFft) / nFft;
                c[k][i] = Math.cos(angle);
                s[k][i] = Math.sin(angle);
            }
        }
        window = w;
        cos = c;
        sin = s;
        filters = melFilters(bins, melBins, 0.0, 8000.0, samplingRate);
    }

    /**
     * transformers' {@code mel_filter_bank(..., norm="slaney", mel_scale="slaney")}: triangular filters between mel
     * points spaced evenly on the Slaney scale, each scaled by {@code 2 / (upper - lower)} Hz.
     */
    static double[][] melFilters(int bins, int mels, double minHz, double maxHz, int rate) {
        double melMin = hzToMel(minHz);
        double melMax = hzToMel(maxHz);
        double[] hz = new double[mels + 2];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
        }
        double[] fft = new double[bins];
        for (int k = 0; k < bins; k++) {
            fft[k] = (double) (rate / 2) * k / (bins - 1);
        }
        double[][] out = new double[mels][bins];
        for (int m = 0; m < mels; m++) {
            double enorm = 2.0 / (hz[m + 2] - hz[m]);
            for (int k = 0; k < bins; k++) {
                double down = (fft[k] - hz[m]) / (hz[m + 1] - hz[m]);
                double up = (hz[m + 2] - fft[k]) / (hz[m + 2] - hz[m + 1]);
                out[m][k] = Math.max(0.0, Math.min(down, up)) * enorm;
            }
        }
        return out;
    }

    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = 15.0;
    /** Mels per natural-log step of frequency above 1 kHz: 27 mels span a factor 6.4 (Slaney's scale). */
    private static final double MELS_PER_LOG_HZ = 27.0 / Math.log(6.4);

    static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) * MELS_PER_LOG_HZ : 3.0 * hz / 200.0;
    }

    static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp((mel - MIN_LOG_MEL) / MELS_PER_LOG_HZ) : 200.0 * mel / 3.0;
    }
}

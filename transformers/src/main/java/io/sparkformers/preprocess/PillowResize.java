package io.sparkformers.preprocess;

import io.sparkformers.codec.RgbImage;
import java.util.function.DoubleUnaryOperator;

/**
 * Pillow 9.4's {@code Image.resize} for 8-bit RGB, bit for bit: a separable antialiased convolution (horizontal
 * pass, then vertical) with 22-bit fixed-point weights and uint8 rounding between the passes. Hugging Face's image
 * processors resize through Pillow, so anything else shifts pixels by ±1–3 levels.
 */
public final class PillowResize {
    public static final int NEAREST = 0;
    public static final int LANCZOS = 1;
    public static final int BILINEAR = 2;
    public static final int BICUBIC = 3;
    public static final int BOX = 4;
    public static final int HAMMING = 5;

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PillowResize() {}

    public static RgbImage resize(RgbImage img, int width, int height, int resample) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("resize target " + width + "x" + height + " has no pixels");
        }
        if (resample == NEAREST) {
            return nearest(img, width, height);
        }
        Filter f = Filter.of(resample);
        RgbImage out = img;
        if (img.height() != height) {
            Coefficients vert = Coefficients.compute(img.height(), height, f);
            int first = Integer.MAX_VALUE;
            int last = 0;
            for (int i = 0; i < height; i++) {
                first = Math.min(first, vert.bounds[2 * i]);
                last = Math.max(last, vert.bounds[2 * i] + vert.bounds[2 * i + 1]);
            }
            // Only the source rows the vertical pass reads go through the horizontal pass, as in Pillow.
            byte[] rows = img.data();
            int rowsW = img.width();
            if (img.width() != width) {
                rows = horizontal(
                        img.data(), img.width(), first, last, width, Coefficients.compute(img.width(), width, f));
                rowsW = width;
            } else {
                byte[] slice = new byte[(last - first) * rowsW * 3];
                System.arraycopy(rows, first * rowsW * 3, slice, 0, slice.length);
                rows = slice;
            }
            out = new RgbImage(width, height, vertical(rows, rowsW, first, height, vert));
        } else if (img.width() != width) {
            out = new RgbImage(
                    width,
                    height,
                    horizontal(
                            img.data(),
                            img.width(),
                            0,
                            img.height(),
                            width,
                            Coefficients.compute(img.width(), width, f)));
        }
        return out;
    }

    private static byte[] horizontal(byte[] in, int inW, int y0, int y1, int outW, Coefficients c) {
        byte[] out = new byte[(y1 - y0) * outW * 3];
        for (int y = y0; y < y1; y++) {
            int rowIn = y * inW * 3;
            int rowOut = (y - y0) * outW * 3;
            for (int x = 0; x < outW; x++) {
                int lo = c.bounds[2 * x];
                int n = c.bounds[2 * x + 1];
                int k0 = x * c.stride;
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                for (int j = 0; j < n; j++) {
                    int k = c.k[k0 + j];
                    int p = rowIn + (lo + j) * 3;
                    r += (in[p] & 0xFF) * k;
                    g += (in[p + 1] & 0xFF) * k;
                    b += (in[p + 2] & 0xFF) * k;
                }
                out[rowOut + x * 3] = clip8(r);
                out[rowOut + x * 3 + 1] = clip8(g);
                out[rowOut + x * 3 + 2] = clip8(b);
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] rows, int w, int firstRow, int outH, Coefficients c) {
        byte[] out = new byte[outH * w * 3];
        int rowBytes = w * 3;
        for (int y = 0; y < outH; y++) {
            int lo = c.bounds[2 * y] - firstRow;
            int n = c.bounds[2 * y + 1];
            int k0 = y * c.stride;
            int o = y * rowBytes;
            for (int x = 0; x < rowBytes; x++) {
                int acc = 1 << (PRECISION_BITS - 1);
                int p = lo * rowBytes + x;
                for (int j = 0; j < n; j++, p += rowBytes) {
                    acc += (rows[p] & 0xFF) * c.k[k0 + j];
                }
                out[o + x] = clip8(acc);
            }
        }
        return out;
    }

    private static byte clip8(int v) {
        int s = v >> PRECISION_BITS;
        return (byte) (s < 0 ? 0 : Math.min(s, 255));
    }

    /** Pillow's NEAREST resize goes through its affine transform: source = floor((x + 0.5) * scale). */
    private static RgbImage nearest(RgbImage img, int width, int height) {
        double sx = (double) img.width() / width;
        double sy = (double) img.height() / height;
        int[] xs = new int[width];
        double xx = sx * 0.5;
        for (int x = 0; x < width; x++, xx += sx) {
            xs[x] = Math.min((int) xx, img.width() - 1);
        }
        byte[] out = new byte[width * height * 3];
        // Pillow's ImagingScaleAffine steps both axes by adding the scale to a running coordinate: the accumulated
        // rounding decides which source row a target row reads, so it is reproduced, not (y + 0.5) * scale.
        double yy = sy * 0.5;
        for (int y = 0; y < height; y++, yy += sy) {
            int src = Math.min((int) yy, img.height() - 1);
            for (int x = 0; x < width; x++) {
                System.arraycopy(img.data(), (src * img.width() + xs[x]) * 3, out, (y * width + x) * 3, 3);
            }
        }
        return new RgbImage(width, height, out);
    }

    private record Filter(double support, DoubleUnaryOperator fn) {
        static Filter of(int resample) {
            return switch (resample) {
                case BILINEAR ->
                    new Filter(1.0, x -> {
                        x = Math.abs(x);
                        return x < 1.0 ? 1.0 - x : 0.0;
                    });
                case BICUBIC ->
                    new Filter(2.0, x -> {
                        double a = -0.5;
                        x = Math.abs(x);
                        if (x < 1.0) {
                            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                        }
                        if (x < 2.0) {
                            return (((x - 5) * x + 8) * x - 4) * a;
                        }
                        return 0.0;
                    });
                case LANCZOS -> new Filter(3.0, x -> (x >= -3.0 && x < 3.0) ? sinc(x) * sinc(x / 3.0) : 0.0);
                case BOX -> new Filter(0.5, x -> (x > -0.5 && x <= 0.5) ? 1.0 : 0.0);
                case HAMMING ->
                    new Filter(1.0, x -> {
                        x = Math.abs(x);
                        if (x == 0.0) {
                            return 1.0;
                        }
                        if (x >= 1.0) {
                            return 0.0;
                        }
                        x = x * Math.PI;
                        return Math.sin(x) / x * (0.54 + 0.46 * Math.cos(x));
                    });
                default ->
                    throw new IllegalArgumentException("unknown PIL resample code " + resample
                            + " (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming)");
            };
        }

        private static double sinc(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            x = x * Math.PI;
            return Math.sin(x) / x;
        }
    }

    /** Per output index: first source index, tap count and fixed-point weights (Pillow's precompute_coeffs). */
    private static final class Coefficients {
        final int[] bounds;
        final int[] k;
        final int stride;

        private Coefficients(int[] bounds, int[] k, int stride) {
            this.bounds = bounds;
            this.k = k;
            this.stride = stride;
        }

        static Coefficients compute(int inSize, int outSize, Filter f) {
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = f.support() * filterscale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[2 * outSize];
            int[] k = new int[outSize * stride];
            double ss = 1.0 / filterscale;
            double[] w = new double[stride];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = (int) (center - support + 0.5);
                if (lo < 0) {
                    lo = 0;
                }
                int hi = (int) (center + support + 0.5);
                if (hi > inSize) {
                    hi = inSize;
                }
                int n = hi - lo;
                double sum = 0.0;
                for (int j = 0; j < n; j++) {
                    w[j] = f.fn().applyAsDouble((j + lo - center + 0.5) * ss);
                    sum += w[j];
                }
                for (int j = 0; j < n; j++) {
                    double v = sum != 0.0 ? w[j] / sum : w[j];
                    k[i * stride + j] =
                            v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[2 * i] = lo;
                bounds[2 * i + 1] = n;
            }
            return new Coefficients(bounds, k, stride);
        }
    }
}

package io.sparkformers.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * VP8's constant tables (RFC 6386: coefficient probabilities and their update probabilities, key-frame sub-block
 * mode probabilities, quantizer steps) as the TwelveMonkeys WebP plugin we ship defines them, read once rather than
 * retyped.
 */
final class Vp8Tables {
    private static final String GLOBALS = "com.twelvemonkeys.imageio.plugins.webp.vp8.Globals";
    static final int[][][][] COEF_UPDATE;
    static final int[][][] BMODE_PROB;
    static final int[] DC_Q;
    static final int[] AC_Q;
    private static final Method DEFAULT_COEF;

    static {
        try {
            Class<?> g = Class.forName(GLOBALS, true, Vp8Tables.class.getClassLoader());
            COEF_UPDATE = (int[][][][]) field(g, "vp8CoefUpdateProbs");
            BMODE_PROB = (int[][][]) field(g, "vp8KeyFrameSubBlockModeProb");
            DC_Q = (int[]) field(g, "vp8DcQLookup");
            AC_Q = (int[]) field(g, "vp8AcQLookup");
            DEFAULT_COEF = g.getDeclaredMethod("getDefaultCoefProbs");
            DEFAULT_COEF.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Vp8Tables() {}

    private static Object field(Class<?> g, String name) throws ReflectiveOperationException {
        Field f = g.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }

    /** A fresh, modifiable copy of the default coefficient probabilities [4][8][3][11]. */
    static int[][][][] defaultCoefProbs() {
        try {
            int[][][][] src = (int[][][][]) DEFAULT_COEF.invoke(null);
            int[][][][] out = new int[4][8][3][];
            for (int t = 0; t < 4; t++) {
                for (int b = 0; b < 8; b++) {
                    for (int c = 0; c < 3; c++) {
                        out[t][b][c] = src[t][b][c].clone();
                    }
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

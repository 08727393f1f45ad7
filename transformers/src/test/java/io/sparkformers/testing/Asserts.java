package io.sparkformers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** numpy.allclose-style comparisons with a message that says where and by how much. */
public final class Asserts {
    private Asserts() {}

    public static void assertClose(float[] want, double[] got, double atol, double rtol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(want[i] - got[i]) - (atol + rtol * Math.abs(want[i]));
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        if (at >= 0) {
            fail(what + ": element " + at + " is " + got[at] + ", expected " + want[at] + " (atol " + atol + ", rtol "
                    + rtol + ")");
        }
    }

    public static void assertClose(float[] want, float[] got, double atol, double rtol, String what) {
        double[] d = new double[got.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = got[i];
        }
        assertClose(want, d, atol, rtol, what);
    }
}

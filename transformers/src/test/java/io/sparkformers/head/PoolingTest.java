package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pooling as sentence-transformers defines it, on numbers worked out by hand. */
class PoolingTest {
    // Two rows of [seq 3, hidden 2].
    static final float[] STATES = {1, 2, 3, 4, 5, 6, /* row 1 */ -1, 0, 7, 8, 100, 100};

    @Test
    void clsIsTheFirstTokenOfTheRow() {
        assertArrayEquals(new float[] {1, 2}, Pooling.pool(Pooling.CLS, STATES, 3, 2, 0, new long[] {1, 1, 1}));
        assertArrayEquals(new float[] {-1, 0}, Pooling.pool(Pooling.CLS, STATES, 3, 2, 1, new long[] {1, 1, 0}));
    }

    @Test
    void meanCountsOnlyRealTokens() {
        assertArrayEquals(new float[] {3, 4}, Pooling.pool(Pooling.MEAN, STATES, 3, 2, 0, new long[] {1, 1, 1}));
        assertArrayEquals(
                new float[] {3, 4},
                Pooling.pool(Pooling.MEAN, STATES, 3, 2, 1, new long[] {1, 1, 0}),
                "the padding token (100, 100) is left out");
        assertArrayEquals(new float[] {7, 8}, Pooling.pool(Pooling.MEAN, STATES, 3, 2, 1, new long[] {0, 1, 0}));
        assertArrayEquals(
                new float[] {0, 0},
                Pooling.pool(Pooling.MEAN, STATES, 3, 2, 0, new long[] {0, 0, 0}),
                "an all-masked row is zeros, not NaN");
        assertArrayEquals(
                new float[] {2, 3},
                Pooling.pool(Pooling.MEAN, STATES, 3, 2, 0, new long[] {1, 1}),
                "a mask shorter than the sequence covers what it covers");
    }

    @Test
    void embeddingsAreNormalisedOnlyWhenAsked() {
        assertArrayEquals(new double[] {3, 4}, Pooling.embedding(new float[] {3, 4}, false), 0);
        assertArrayEquals(new double[] {0.6, 0.8}, Pooling.embedding(new float[] {3, 4}, true), 1e-7);
        assertArrayEquals(
                new double[] {0, 0}, Pooling.embedding(new float[] {0, 0}, true), 0, "a zero vector stays zero");
        float[] tiny = {1e-7f, 0};
        Pooling.l2Normalize(tiny);
        assertEquals(1.0, tiny[0], 1e-6, "small vectors are scaled up to unit length");
        assertEquals(Pooling.MEAN, Pooling.parse("mean"));
        assertEquals(Pooling.POOLER, Pooling.parse("Pooler"));
    }
}

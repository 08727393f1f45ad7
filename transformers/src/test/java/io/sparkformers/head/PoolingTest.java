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
    void maxTakesEachDimensionsLargestRealToken() {
        assertArrayEquals(new float[] {5, 6}, Pooling.pool(Pooling.MAX, STATES, 3, 2, 0, new long[] {1, 1, 1}));
        assertArrayEquals(
                new float[] {7, 8},
                Pooling.pool(Pooling.MAX, STATES, 3, 2, 1, new long[] {1, 1, 0}),
                "the padding token (100, 100) is left out");
        float[] negative = {-3e9f, -5, -2e9f, -7};
        assertArrayEquals(
                new float[] {-2e9f, -5},
                Pooling.pool(Pooling.MAX, negative, 2, 2, 0, new long[] {1, 1}),
                "no padding: the real tokens only, however low");
        assertArrayEquals(
                new float[] {-2e9f, -5},
                Pooling.pool(Pooling.MAX, negative, 2, 2, 0, new long[] {1, 1, 0}),
                "a mask longer than the sequence counts only the sequence");
        assertArrayEquals(
                new float[] {-1e9f, -5},
                Pooling.pool(Pooling.MAX, negative, 2, 2, 0, new long[] {1, 0}),
                "a padded position is -1e9, as sentence-transformers sets it");
        assertArrayEquals(
                new float[] {-1e9f, -1e9f},
                Pooling.pool(Pooling.MAX, STATES, 3, 2, 0, new long[] {0, 0, 0}),
                "an all-masked row");
    }

    @Test
    void meanSqrtLenDividesTheSumByTheRootOfTheCount() {
        // Row 0 over its 3 tokens: sums (9, 12) / sqrt(3); over 2 tokens of row 1: (6, 8) / sqrt(2).
        assertArrayEquals(
                new float[] {(float) (9 / Math.sqrt(3)), (float) (12 / Math.sqrt(3))},
                Pooling.pool(Pooling.MEAN_SQRT_LEN, STATES, 3, 2, 0, new long[] {1, 1, 1}),
                1e-6f);
        assertArrayEquals(
                new float[] {(float) (6 / Math.sqrt(2)), (float) (8 / Math.sqrt(2))},
                Pooling.pool(Pooling.MEAN_SQRT_LEN, STATES, 3, 2, 1, new long[] {1, 1, 0}),
                1e-6f);
        assertArrayEquals(
                new float[] {0, 0}, Pooling.pool(Pooling.MEAN_SQRT_LEN, STATES, 3, 2, 0, new long[] {0, 0, 0}));
    }

    @Test
    void weightedMeanWeighsTokensByTheirPosition() {
        // Row 0: (1·(1,2) + 2·(3,4) + 3·(5,6)) / 6 = (22, 28) / 6; with the first token masked: (2·(3,4) + 3·(5,6)) /
        // 5.
        assertArrayEquals(
                new float[] {22f / 6, 28f / 6},
                Pooling.pool(Pooling.WEIGHTEDMEAN, STATES, 3, 2, 0, new long[] {1, 1, 1}),
                1e-6f);
        assertArrayEquals(
                new float[] {21f / 5, 26f / 5},
                Pooling.pool(Pooling.WEIGHTEDMEAN, STATES, 3, 2, 0, new long[] {0, 1, 1}),
                1e-6f);
        assertArrayEquals(
                new float[] {0, 0}, Pooling.pool(Pooling.WEIGHTEDMEAN, STATES, 3, 2, 0, new long[] {0, 0, 0}));
    }

    @Test
    void lastTokenIsTheLastRealOne() {
        assertArrayEquals(new float[] {5, 6}, Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 0, new long[] {1, 1, 1}));
        assertArrayEquals(new float[] {7, 8}, Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 1, new long[] {1, 1, 0}));
        assertArrayEquals(
                new float[] {3, 4},
                Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 0, new long[] {1, 1}),
                "a mask shorter than the sequence: the rest is padding");
        assertArrayEquals(
                new float[] {1, 2},
                Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 0, new long[] {1, 0, 0}),
                "a single real token");
        assertArrayEquals(
                new float[] {-1, 0},
                Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 1, new long[] {0, 0, 0}),
                "an all-masked row: the first position, where sentence-transformers' index wraps to");
        assertArrayEquals(
                new float[] {-1, 0}, Pooling.pool(Pooling.LASTTOKEN, STATES, 3, 2, 1, new long[0]), "an empty mask");
    }

    @Test
    void channelMeansAverageEachChannelsPlane() {
        // Two rows of [channels 2, plane 3]: row 1's channels are (-1, 0, 7) and (8, 100, 100).
        assertArrayEquals(new float[] {2, 5}, Pooling.channelMeans(STATES, 2, 3, 0));
        assertArrayEquals(new float[] {2, 208f / 3}, Pooling.channelMeans(STATES, 2, 3, 1), 1e-5f);
        assertArrayEquals(new float[] {3.5f}, Pooling.channelMeans(STATES, 1, 6, 0), "one channel of six values");
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
        assertEquals(Pooling.MEAN_SQRT_LEN, Pooling.parse("mean_sqrt_len"));
        for (String name : Pooling.NAMES) {
            assertEquals(name, Pooling.parse(name).name().toLowerCase(java.util.Locale.ROOT), "every name parses");
        }
    }
}

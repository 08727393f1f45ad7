package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * transformers' classification rules on numbers worked out by hand: function_to_apply from problem_type and the
 * label count, softmax/sigmoid/none, and ties resolved as numpy's argmax and a stable descending sort resolve them
 * (the lower label index first).
 */
class ClassificationTest {
    @Test
    void theFunctionFollowsProblemTypeThenLabelCount() {
        assertEquals("sigmoid", Classification.defaultFunction("multi_label_classification", 5));
        assertEquals("sigmoid", Classification.defaultFunction(null, 1));
        assertEquals("none", Classification.defaultFunction("regression", 3));
        assertEquals("softmax", Classification.defaultFunction("single_label_classification", 3));
        assertEquals("softmax", Classification.defaultFunction(null, 2));
    }

    @Test
    void functions() {
        float[] logits = {0f, (float) Math.log(3), 0f};
        assertArrayEquals(new double[] {0.2, 0.6, 0.2}, Classification.apply("softmax", logits), 1e-7);
        assertArrayEquals(new double[] {0.5, 0.75, 0.5}, Classification.apply("sigmoid", logits), 1e-7);
        assertArrayEquals(new double[] {0, Math.log(3), 0}, Classification.apply("none", logits), 1e-6);
        assertArrayEquals(
                new double[] {0.5, 0.5},
                Classification.softmax(new float[] {9, 1000, 1000}, 1, 2),
                1e-12,
                "large logits do not overflow; the offset selects the row");
        assertEquals(3, new Classification(new String[] {"a", "b", "c"}).numClasses());
        assertEquals("b", new Classification(new String[] {"a", "b", "c"}).label(1));
    }

    @Test
    void tiesGoToTheLowerIndex() {
        assertEquals(1, Classification.argmax(new double[] {0.1, 0.4, 0.4, 0.1}));
        assertEquals(1, Classification.argmax(new float[] {0.1f, 0.4f, 0.4f, 0.1f}));
        assertEquals(3, Classification.argmax(new float[] {0, 0, 0, 1}));
        assertEquals(3, Classification.argmax(new double[] {0, 0, 0, 1}));
        assertArrayEquals(new int[] {1, 2, 0}, Classification.topK(new double[] {0.1, 0.4, 0.4, 0.1}, 3));
        assertArrayEquals(new int[] {3, 1, 2, 0}, Classification.topK(new double[] {0.1, 0.2, 0.2, 0.5}, 9));
        assertArrayEquals(new int[] {0, 1}, Classification.topK(new double[] {0.3, 0.3, 0.3}, 2));
        assertArrayEquals(new int[] {4}, Classification.topK(new double[] {1, 2, 3, 4, 5}, 1));
        assertArrayEquals(new int[0], Classification.topK(new double[] {1, 2}, 0));
    }
}

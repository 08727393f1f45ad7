package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Greedy ids as numpy's argmax gives them (the first of equal maxima), over a frame range of one batch item. */
class CtcArgmaxTest {
    @Test
    void tiesGoToTheFirstLabelAndOnlyTheRangeIsRead() {
        int vocab = 4;
        float[] logits = {
            // item 0: frames 0..2
            1, 1, 0, 0, // tie between 0 and 1 -> 0
            0, 2, 2, 1, // tie between 1 and 2 -> 1
            0, 0, 0, 3,
            // item 1: frames 0..2
            5, 5, 5, 5, // all equal -> 0
            0, 1, 0, 0,
            0, 0, 1, 1
        }; // tie -> 2
        assertArrayEquals(new int[] {0, 1, 3}, CtcDecoder.argmax(logits, 0, 0, 3, vocab));
        assertArrayEquals(new int[] {0, 1, 2}, CtcDecoder.argmax(logits, 3, 0, 3, vocab));
        assertArrayEquals(new int[] {1, 2}, CtcDecoder.argmax(logits, 3, 1, 3, vocab));
        assertArrayEquals(new int[0], CtcDecoder.argmax(logits, 0, 2, 2, vocab));
    }

    @Test
    void anEmptyVocabularyIsRefused(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.freshCopy(Fixtures.models("ctc").get(0), tmp);
        Files.writeString(model.resolve("vocab.json"), "{}");
        ModelException e = assertThrows(
                ModelException.class,
                () -> new CtcDecoder(ModelDirectory.open(model.toString(), new Configuration()), model));
        assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());
    }

    /** Id 0 is a letter like any other when the blank has another id: the vocabulary decides, not the position. */
    @Test
    void theBlankIsThePadTokenWhereverItIs(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.freshCopy(Fixtures.models("ctc").get(0), tmp);
        Files.writeString(model.resolve("vocab.json"), "{\"A\": 0, \"B\": 1, \"|\": 2, \"<pad>\": 3, \"<unk>\": 4}");
        CtcDecoder ctc = new CtcDecoder(ModelDirectory.open(model.toString(), new Configuration()), model);
        Assertions.assertEquals("AB A", ctc.decode(new int[] {0, 0, 3, 1, 2, 0, 3}, false));
        Assertions.assertEquals("AA", ctc.decode(new int[] {0, 3, 0}, false));
    }
}

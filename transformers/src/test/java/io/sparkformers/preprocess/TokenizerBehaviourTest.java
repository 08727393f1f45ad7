package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.InvalidInputException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The tokenizer path on the real all-MiniLM-L6-v2 WordPiece tokenizer (BERT conventions). */
class TokenizerBehaviourTest {
    static final ModelDirectory MODEL = ModelDirectory.open("classpath:models/all-MiniLM-L6-v2", new Configuration());

    static TextTokenizer tokenizer(int maxLength) {
        return TextTokenizer.forModel(MODEL, MODEL.localDir(new Configuration()), maxLength);
    }

    @Test
    void truncatesTo512IncludingSpecialTokens() throws Exception {
        TextTokenizer t = tokenizer(512);
        TextTokenizer.Encoded e = t.encode("word ".repeat(20_000));
        assertEquals(512, e.length());
        assertTrue(e.truncated());
        assertEquals(101, e.ids()[0], "[CLS] kept");
        assertEquals(102, e.ids()[511], "[SEP] kept at the cut");
        assertFalse(t.encode("short").truncated());
        assertEquals(
                128, tokenizer(0).maxLength(), "without tokenizer_config.json the tokenizer.json truncation applies");
    }

    @Test
    void pairsGetSegmentIdsAndBothSeparators() throws Exception {
        TextTokenizer.Encoded e = tokenizer(512).encodePair("a question", "the context");
        assertEquals(List.of("[CLS]", "a", "question", "[SEP]", "the", "context", "[SEP]"), List.of(e.tokens()));
        assertEquals(
                List.of(0L, 0L, 0L, 0L, 1L, 1L, 1L),
                Arrays.stream(e.typeIds()).boxed().toList());
        assertEquals(1, e.sequenceIds()[4]);
    }

    @Test
    void unicodeOffsetsIndexTheJavaString() throws Exception {
        String text = "Café 🙂 naïve 東京";
        TextTokenizer.Encoded e = tokenizer(512).encode(text);
        for (int i = 0; i < e.length(); i++) {
            if (e.starts()[i] >= 0 && !e.tokens()[i].startsWith("[")) {
                String piece = text.substring(e.starts()[i], e.ends()[i]).toLowerCase(Locale.ROOT);
                String token = e.tokens()[i].replace("##", "");
                assertTrue(
                        piece.equals(token)
                                || Normalizer.normalize(piece, Normalizer.Form.NFD)
                                        .replaceAll("\\p{M}", "")
                                        .equals(token),
                        "token " + e.tokens()[i] + " maps to '" + piece + "'");
            }
        }
    }

    @Test
    void emptyAndBadText() throws Exception {
        TextTokenizer t = tokenizer(512);
        assertEquals(List.of("[CLS]", "[SEP]"), List.of(t.encode("").tokens()));
        assertEquals(List.of("[CLS]", "[SEP]"), List.of(t.encode(" \t\n ").tokens()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.encode("bad \ud800 surrogate"));
        assertTrue(e.getMessage().contains("lone UTF-16 surrogate"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> t.encode("\udc00"));
        assertEquals(4, t.encode("ok \ud83d\ude42").length(), "a proper surrogate pair is fine");
        assertThrows(InvalidInputException.class, () -> t.encode(null));
    }
}

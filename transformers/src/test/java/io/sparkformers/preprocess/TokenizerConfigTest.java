package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tokenizer glue reads from an export besides tokenizer.json, on copies of the fixture fill-mask export
 * with one file changed: the length limit (tokenizer_config's model_max_length unless it is transformers' "no limit"
 * sentinel, then tokenizer.json's truncation, then the position table less RoBERTa's padding offset, then 512), the
 * pad, mask and unknown tokens in each of the forms configs write them, clean_up_tokenization_spaces; and the text
 * checks: lone UTF-16 surrogates refused wherever they are, offsets in Java string units after characters outside the
 * BMP. Expected ids come from the fixture's own vocabulary.
 */
class TokenizerConfigTest {
    @TempDir
    Path tmp;

    static Path model() {
        return Fixtures.models("fill-mask").get(0);
    }

    static long vocabId(String token) {
        JsonNode id = Fixtures.json(model().resolve("tokenizer.json"))
                .path("model")
                .path("vocab")
                .path(token);
        assertTrue(id.isIntegralNumber(), token + " in the fixture vocabulary");
        return id.asLong();
    }

    /** A copy of the export's tokenizer files with {@code file}'s JSON changed by {@code change}. */
    Path variant(String name, String file, Consumer<ObjectNode> change) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of("tokenizer.json", "config.json", "tokenizer_config.json", "special_tokens_map.json")) {
            ObjectNode json = (ObjectNode) Fixtures.json(model().resolve(f));
            if (f.equals(file)) {
                change.accept(json);
            }
            Files.writeString(dir.resolve(f), Fixtures.JSON.writeValueAsString(json));
        }
        Files.copy(model().resolve("model.onnx"), dir.resolve("model.onnx"));
        return dir;
    }

    static TextTokenizer load(Path dir) {
        return TextTokenizer.forModel(ModelDirectory.open(dir.toString(), new Configuration()), dir, 0);
    }

    @Test
    void theLengthLimitAndWhereItComesFrom() throws Exception {
        assertEquals(
                77,
                load(variant("stated", "tokenizer_config.json", c -> c.put("model_max_length", 77)))
                        .maxLength());
        assertEquals(
                1_000_000,
                load(variant("million", "tokenizer_config.json", c -> c.put("model_max_length", 1_000_000)))
                        .maxLength());
        // transformers' VERY_LARGE_INTEGER (no limit), 0 and a missing key fall through to tokenizer.json's truncation.
        for (double sentinel : new double[] {1e30, 1_000_001, 0}) {
            Path dir =
                    variant("sentinel" + sentinel, "tokenizer_config.json", c -> c.put("model_max_length", sentinel));
            ObjectNode tj = (ObjectNode) Fixtures.json(dir.resolve("tokenizer.json"));
            tj.putObject("truncation")
                    .put("direction", "Right")
                    .put("max_length", 33)
                    .put("strategy", "LongestFirst")
                    .put("stride", 0);
            Files.writeString(dir.resolve("tokenizer.json"), Fixtures.JSON.writeValueAsString(tj));
            assertEquals(33, load(dir).maxLength(), "model_max_length " + sentinel);
        }
        // Then the position table: RoBERTa-style models lose pad_token_id + 1 positions to the padding offset.
        Path roberta = variant(
                "roberta",
                "config.json",
                c -> c.put("max_position_embeddings", 66).put("pad_token_id", 4).put("model_type", "roberta"));
        ObjectNode tc = (ObjectNode) Fixtures.json(roberta.resolve("tokenizer_config.json"));
        tc.remove("model_max_length");
        Files.writeString(roberta.resolve("tokenizer_config.json"), Fixtures.JSON.writeValueAsString(tc));
        assertEquals(66 - 5, load(roberta).maxLength());
        ObjectNode bert = (ObjectNode) Fixtures.json(roberta.resolve("config.json"));
        bert.put("model_type", "bert");
        Path bertDir = Files.createDirectories(tmp.resolve("bert"));
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "model.onnx")) {
            Files.copy(roberta.resolve(f), bertDir.resolve(f));
        }
        Files.writeString(bertDir.resolve("config.json"), Fixtures.JSON.writeValueAsString(bert));
        assertEquals(66, load(bertDir).maxLength());
        bert.remove("max_position_embeddings");
        Files.writeString(bertDir.resolve("config.json"), Fixtures.JSON.writeValueAsString(bert));
        assertEquals(
                512,
                TextTokenizer.modelMaxLength(
                        ModelDirectory.open(bertDir.toString(), new Configuration()),
                        bertDir.resolve("tokenizer.json")));
    }

    @Test
    void padMaskAndUnknownTokensInEveryForm() throws Exception {
        long pad = vocabId("<pad>");
        long mask = vocabId("<mask>");
        long unk = vocabId("<unk>");
        assertEquals(
                7,
                load(variant("pad-config", "config.json", c -> c.put("pad_token_id", 7)))
                        .padId());
        Path padText = variant("pad-text", "config.json", c -> c.remove("pad_token_id"));
        assertEquals(pad, load(padText).padId());
        Path padObject = variant(
                "pad-object",
                "tokenizer_config.json",
                c -> c.putObject("pad_token").put("content", "<pad>"));
        ObjectNode cfg = (ObjectNode) Fixtures.json(padObject.resolve("config.json"));
        cfg.remove("pad_token_id");
        Files.writeString(padObject.resolve("config.json"), Fixtures.JSON.writeValueAsString(cfg));
        assertEquals(pad, load(padObject).padId());
        Path noPad = variant("no-pad", "tokenizer_config.json", c -> c.remove("pad_token"));
        Files.writeString(noPad.resolve("config.json"), Fixtures.JSON.writeValueAsString(cfg));
        assertEquals(0, load(noPad).padId(), "no pad token anywhere: id 0");

        TextTokenizer stated = load(variant(
                "mask-object",
                "tokenizer_config.json",
                c -> c.putObject("mask_token").put("content", "<mask>")));
        assertEquals("<mask>", stated.maskToken());
        assertEquals(mask, stated.maskId());
        assertEquals(unk, stated.unkId());
        TextTokenizer fromMap = load(variant("mask-map", "tokenizer_config.json", c -> c.remove("mask_token")));
        assertEquals("<mask>", fromMap.maskToken(), "special_tokens_map.json's mask token");
        assertEquals(mask, fromMap.maskId());
        Path none = variant("no-mask", "tokenizer_config.json", c -> c.remove(List.of("mask_token", "unk_token")));
        Files.writeString(none.resolve("special_tokens_map.json"), "{}");
        TextTokenizer without = load(none);
        assertNull(without.maskToken());
        assertEquals(-1, without.maskId());
        assertEquals(
                Fixtures.json(model().resolve("tokenizer.json"))
                                .path("model")
                                .path("unk_token")
                                .isTextual()
                        ? unk
                        : -1,
                without.unkId(),
                "tokenizer.json's own unknown token, if it names one");
    }

    @Test
    void anExportWithoutTokenizerJsonIsRefusedNamingTheFix() throws Exception {
        Path dir = variant("no-tokenizer", "config.json", c -> {});
        Files.delete(dir.resolve("tokenizer.json"));
        ModelException e = assertThrows(ModelException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.save_pretrained"), e.getMessage());
    }

    @Test
    void cleanUpOfTokenizationSpacesAsConfigured() throws Exception {
        TextTokenizer clean =
                load(variant("clean", "tokenizer_config.json", c -> c.put("clean_up_tokenization_spaces", true)));
        TextTokenizer raw =
                load(variant("raw", "tokenizer_config.json", c -> c.put("clean_up_tokenization_spaces", false)));
        String text = "Hello , world . I 'm here !";
        long[] ids = raw.encode(text).ids();
        assertEquals(text, raw.decode(ids, true));
        assertEquals("Hello, world. I'm here!", clean.decode(ids, true));
    }

    static void refused(Executable e, String message) {
        assertEquals(message, assertThrows(InvalidInputException.class, e).getMessage());
    }

    @Test
    void loneSurrogatesAreRefusedAndOffsetsCountJavaUnits() throws Exception {
        TextTokenizer t = load(variant("plain", "config.json", c -> {}));
        refused(() -> t.encode("a\uD800b"), "text has a lone UTF-16 surrogate (\\ud800) at index 1");
        refused(() -> t.encode("ab\uD83D"), "text has a lone UTF-16 surrogate (\\ud83d) at index 2");
        refused(() -> t.encode("\uDE42x"), "text has a lone UTF-16 surrogate (\\ude42) at index 0");
        refused(() -> t.encodePair("\uDC00", "ok"), "text has a lone UTF-16 surrogate (\\udc00) at index 0");
        refused(() -> t.encodePair("ok", "x\uDC00"), "text has a lone UTF-16 surrogate (\\udc00) at index 1");
        refused(() -> t.encodeWindows("\uD800", "ok"), "text has a lone UTF-16 surrogate (\\ud800) at index 0");
        refused(() -> t.encodeWindows("ok", "\uD800"), "text has a lone UTF-16 surrogate (\\ud800) at index 0");
        refused(() -> t.encode(null), "null input");
        // After emoji (two Java chars, one code point each) every piece's offsets still select that piece's text.
        assertPiecesAtTheirOffsets(
                t,
                t.encode("\uD83D\uDE42 smile \uD83D\uDE00\uD83D\uDE00 again"),
                "\uD83D\uDE42 smile \uD83D\uDE00\uD83D\uDE00 again",
                null);
        String context = "ctx \uD83D\uDE42 end";
        assertPiecesAtTheirOffsets(t, t.encodePair("\uD83D\uDE42 q", context), "\uD83D\uDE42 q", context);
    }

    /** Each piece that decodes to whole characters is found at its offsets in the text it came from. */
    static void assertPiecesAtTheirOffsets(TextTokenizer t, TextTokenizer.Encoded e, String first, String second) {
        int checked = 0;
        for (int i = 0; i < e.length(); i++) {
            String piece = t.tokensToString(List.of(e.tokens()[i])).strip();
            if (e.starts()[i] < 0 || piece.contains("\uFFFD") || piece.isEmpty()) {
                continue;
            }
            String text = e.sequenceIds()[i] == 1 ? second : first;
            assertEquals(piece, text.substring(e.starts()[i], e.ends()[i]), "piece " + i + " of " + text);
            checked++;
        }
        assertTrue(checked >= 2, "pieces checked: " + checked);
    }
}

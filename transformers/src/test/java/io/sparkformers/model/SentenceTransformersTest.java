package io.sparkformers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sentence-transformers folder's settings as sentence-transformers 2.5 reads them, on configs written by hand. */
class SentenceTransformersTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachPoolingFlagIsOneMode() throws Exception {
        String[][] flags = {
            {"pooling_mode_cls_token", "cls"},
            {"pooling_mode_mean_tokens", "mean"},
            {"pooling_mode_max_tokens", "max"},
            {"pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len"},
            {"pooling_mode_weightedmean_tokens", "weightedmean"},
            {"pooling_mode_lasttoken", "lasttoken"}
        };
        for (String[] f : flags) {
            String config = "{\"pooling_mode_mean_tokens\": false, \"" + f[0] + "\": true, \"include_prompt\": true}";
            assertEquals(f[1], SentenceTransformers.mode(JSON.readTree(config), "p"), f[0]);
        }
    }

    @Test
    void noModeOrSeveralAreRefusedByName() throws Exception {
        ModelException none = assertThrows(
                ModelException.class,
                () -> SentenceTransformers.mode(JSON.readTree("{\"pooling_mode_cls_token\": false}"), "d/1_Pooling"));
        assertTrue(none.getMessage().startsWith("d/1_Pooling turns on no pooling mode"), none.getMessage());
        assertTrue(none.getMessage().contains("[cls, max, mean, mean_sqrt_len, weightedmean, lasttoken]"));
        ModelException two = assertThrows(
                ModelException.class,
                () -> SentenceTransformers.mode(
                        JSON.readTree("{\"pooling_mode_max_tokens\": true, \"pooling_mode_lasttoken\": true}"), "p"));
        assertTrue(two.getMessage().contains("the pooling modes [max, lasttoken]"), two.getMessage());
    }

    @Test
    void theModulesThatHoldSettingsAreThePoolingOnes() {
        String modules = "[{\"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
                + " {\"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"},"
                + " {\"path\": \"2_Dense\", \"type\": \"sentence_transformers.models.Dense\"}]";
        assertEquals(List.of("1_Pooling/config.json"), SentenceTransformers.moduleConfigs(modules, "d"));
        assertEquals(
                List.of("config.json"),
                SentenceTransformers.moduleConfigs(
                        "[{\"path\": \"\", \"type\": \"sentence_transformers.models.Pooling\"}]", "d"));
        ModelException notList =
                assertThrows(ModelException.class, () -> SentenceTransformers.moduleConfigs("{}", "d"));
        assertEquals("d/modules.json is not a list of modules", notList.getMessage());
        ModelException broken = assertThrows(ModelException.class, () -> SentenceTransformers.moduleConfigs("[", "d"));
        assertTrue(broken.getMessage().startsWith("cannot parse d/modules.json"), broken.getMessage());
    }

    @Test
    void aFolderIsReadAndAPlainExportIsNone() throws Exception {
        java.nio.file.Path folders = java.nio.file.Path.of(SentenceTransformersTest.class
                .getResource("/sentence-transformers")
                .toURI());
        for (java.nio.file.Path dir : java.nio.file.Files.list(folders).sorted().toList()) {
            com.fasterxml.jackson.databind.JsonNode reference =
                    io.sparkformers.testing.Fixtures.json(dir.resolve("reference.json"));
            SentenceTransformers st = SentenceTransformers.of(ModelDirectory.open(dir.toString(), null));
            assertEquals(reference.path("pooling").asText(), st.pooling(), dir.toString());
            assertEquals(reference.path("normalize").asBoolean(), st.normalize(), dir.toString());
            int max = reference.path("max_seq_length").asInt(0);
            if (max > 0) {
                assertEquals(max, st.maxSeqLength(), dir.toString());
            }
            assertEquals(List.of(), st.dense());
            assertFalse(st.lowerCase());
        }
        java.nio.file.Path plain =
                io.sparkformers.testing.Fixtures.models("text-features").get(0);
        assertEquals(null, SentenceTransformers.of(ModelDirectory.open(plain.toString(), null)));
    }

    @Test
    void textsAreStrippedAsPythonStripsThemAndLowerCasedWhenAsked() {
        SentenceTransformers keep = new SentenceTransformers("mean", false, List.of(), 0, false);
        SentenceTransformers lower = new SentenceTransformers("mean", false, List.of(), 0, true);
        assertEquals("Two  Words", keep.prepare(" \t\nTwo  Words\u00a0\u2007\u202f\u0085\u2028\u3000 "));
        assertEquals("two  words", lower.prepare("  Two  Words "));
        assertEquals("", keep.prepare(" \u00a0 "));
        assertEquals("x", keep.prepare("x"));
        assertEquals("\u200bx\u200b", keep.prepare("\u200bx\u200b"), "a zero-width space is not whitespace in Python");
        assertTrue(SentenceTransformers.pythonSpace('\u001c'));
        assertFalse(SentenceTransformers.pythonSpace('a'));
        assertFalse(SentenceTransformers.pythonSpace('\u200b'));
    }
}

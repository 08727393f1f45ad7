package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.testing.Fixtures;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Token aggregation over a WordPiece tokenizer, as BERT-style NER models have it, against transformers' own
 * {@code gather_pre_entities} / {@code aggregate} on the same seeded logits
 * ({@code pipeline-references/wordpiece-aggregation.json}): "##" pieces are subwords, [UNK] pieces keep their text.
 * The tokenizer is the bundled all-MiniLM-L6-v2's.
 */
class WordPieceAggregationTest {
    @TestFactory
    List<DynamicTest> strategiesAsThePipeline() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/pipeline-references/wordpiece-aggregation.json")) {
            ref = Fixtures.JSON.readTree(in);
        }
        Path dir = Path.of(getClass()
                .getClassLoader()
                .getResource("models/all-MiniLM-L6-v2")
                .toURI());
        TextTokenizer tok = TextTokenizer.forModel(ModelDirectory.open(dir.toString(), new Configuration()), dir, 0);
        String[] labels = new String[ref.path("labels").size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ref.path("labels").get(i).asText();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : ref.path("cases")) {
            String text = c.path("text").asText();
            TextTokenizer.Encoded e = tok.encode(text);
            for (String strategy : List.of("none", "simple", "first", "average", "max")) {
                tests.add(DynamicTest.dynamicTest(strategy + ": " + text, () -> {
                    List<String> tokens = new ArrayList<>();
                    c.path("tokens").forEach(t -> tokens.add(t.asText()));
                    assertEquals(tokens, List.of(e.tokens()), "the tokenizer's tokens");
                    float[] logits = new float[e.length() * labels.length];
                    for (int t = 0; t < e.length(); t++) {
                        for (int l = 0; l < labels.length; l++) {
                            logits[t * labels.length + l] =
                                    (float) c.path("logits").get(t).get(l).asDouble();
                        }
                    }
                    var got = TokenAggregation.aggregate(
                            logits,
                            0,
                            labels.length,
                            e,
                            labels,
                            TokenAggregation.Strategy.valueOf(strategy.toUpperCase(Locale.ROOT)),
                            Set.of("O"),
                            tok);
                    JsonNode want = c.path("results").path(strategy);
                    assertFalse(want.isEmpty());
                    assertEquals(want.size(), got.size(), want + " vs " + got);
                    for (int k = 0; k < want.size(); k++) {
                        JsonNode w = want.get(k);
                        String at = strategy + " entity " + k;
                        assertEquals(
                                w.has("entity_group")
                                        ? w.path("entity_group").asText()
                                        : w.path("entity").asText(),
                                got.get(k).entity(),
                                at);
                        assertEquals(w.path("word").asText(), got.get(k).word(), at);
                        assertEquals(w.path("score").asDouble(), got.get(k).score(), 1e-6, at);
                        assertEquals(w.path("start").asInt(), got.get(k).start(), at);
                        assertEquals(w.path("end").asInt(), got.get(k).end(), at);
                        if (w.has("index")) {
                            assertEquals(w.path("index").asInt(), got.get(k).index(), at);
                        }
                    }
                }));
            }
        }
        return tests;
    }
}

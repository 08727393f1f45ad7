package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The tokenizer glue against the slow tokenizer transformers ran for the fixtures, on every text model and case of
 * the set: token ids and tokens ({@code convert_ids_to_tokens}), the special-token mask (the template's tokens of
 * {@code special_tokens_map.json}), which text each token came from (question answering's context range and
 * {@code p_mask}), truncation at the model's limit, and decoding: fill-mask's {@code token_str} ({@code decode([id])})
 * and question answering's {@code answer_text} ({@code decode(ids[start:end+1])}, also as the answer's tokens joined).
 */
class TokenizationParityTest {
    /** Every fixture model with a tokenizer and recorded tokens; never none. */
    static List<Path> textModels() {
        List<Path> out = new ArrayList<>();
        for (JsonNode m :
                Fixtures.json(Fixtures.root().resolve("manifest.json")).path("models")) {
            Path dir = Fixtures.root().resolve(m.path("dir").asText());
            if (Files.exists(dir.resolve("tokenizer.json"))
                    && Files.exists(dir.resolve("special_tokens_map.json"))
                    && !Fixtures.cases(dir).isEmpty()
                    && Fixtures.json(Fixtures.cases(dir).get(0).resolve("expected.json"))
                            .has("input_ids")) {
                out.add(dir);
            }
        }
        assertFalse(out.isEmpty(), "no text model with recorded tokens in " + Fixtures.root());
        return out;
    }

    /** The texts of a case: one list for single texts, two (questions, contexts) for pairs. */
    static List<List<String>> texts(JsonNode inputs) {
        List<List<String>> out = new ArrayList<>();
        for (String[] keys : new String[][] {{"texts", "text"}, {"questions", "question"}, {"contexts", "context"}}) {
            JsonNode t = inputs.has(keys[0]) ? inputs.path(keys[0]) : inputs.path(keys[1]);
            if (t.isMissingNode()) {
                continue;
            }
            List<String> list = new ArrayList<>();
            if (t.isArray()) {
                t.forEach(n -> list.add(n.asText()));
            } else {
                list.add(t.asText());
            }
            out.add(list);
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> everyTextTokenizesAsTransformers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : textModels()) {
            for (Path c : Fixtures.cases(model)) {
                tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> check(model, c)));
            }
        }
        return tests;
    }

    static void check(Path model, Path c) throws Exception {
        JsonNode expected = Fixtures.json(c.resolve("expected.json"));
        List<List<String>> texts = texts(expected.path("inputs"));
        boolean pair = texts.size() == 2;
        boolean onlySecond = "only_second"
                .equals(expected.path("preprocess")
                        .path("kwargs")
                        .path("truncation")
                        .asText());
        TextTokenizer tok = TextTokenizer.forModel(
                ModelDirectory.open(model.toString(), new Configuration()),
                model,
                0,
                onlySecond ? "only_second" : "longest_first",
                0);
        // The tokens the template adds (transformers' special-tokens mask); a <mask> typed in the text is the text's.
        Set<String> specials = new HashSet<>();
        Fixtures.json(model.resolve("special_tokens_map.json")).fields().forEachRemaining(t -> {
            if (!t.getKey().equals("mask_token")) {
                specials.add(
                        t.getValue().isTextual()
                                ? t.getValue().asText()
                                : t.getValue().path("content").asText());
            }
        });
        JsonNode post = expected.path("postprocess");
        for (int i = 0; i < texts.get(0).size(); i++) {
            String where = c.getFileName() + "[" + i + "]";
            TextTokenizer.Encoded e = pair
                    ? tok.encodePair(texts.get(0).get(i), texts.get(1).get(i))
                    : tok.encode(texts.get(0).get(i));
            List<String> tokens = new ArrayList<>();
            expected.path("tokens").get(i).forEach(t -> tokens.add(t.asText()));
            List<Long> ids = new ArrayList<>();
            expected.path("input_ids").get(i).forEach(t -> ids.add(t.asLong()));
            // Padding (batched cases) is the tokenizer's pad token at the end; the encoder returns the unpadded text.
            while (!tokens.isEmpty() && ids.get(ids.size() - 1) == tok.padId() && ids.size() > e.length()) {
                tokens.remove(tokens.size() - 1);
                ids.remove(ids.size() - 1);
            }
            assertArrayEquals(ids.stream().mapToLong(Long::longValue).toArray(), e.ids(), where + " ids");
            assertEquals(tokens, Arrays.asList(e.tokens()), where + " tokens");
            for (int k = 0; k < e.length(); k++) {
                assertEquals(1, e.attentionMask()[k], where + " attention " + k);
                boolean special = specials.contains(tokens.get(k));
                assertEquals(special ? 1 : 0, e.specialTokensMask()[k], where + " special " + tokens.get(k));
                assertEquals(special, e.sequenceIds()[k] < 0, where + " sequence of " + tokens.get(k));
                assertEquals(special, e.starts()[k] < 0, where + " offset of " + tokens.get(k));
            }
            assertEquals(
                    e.length() >= tok.maxLength(),
                    e.truncated(),
                    where + " truncated at " + tok.maxLength() + " with " + e.length());
            assertTrue(e.length() <= tok.maxLength(), where + " within the model's limit");
            JsonNode item = post.path("per_item").path(i);
            if (item.has("context_token_range")) {
                int from = item.path("context_token_range").get(0).asInt();
                int to = item.path("context_token_range").get(1).asInt();
                for (int k = 0; k < e.length(); k++) {
                    long want = specials.contains(tokens.get(k)) ? -1 : k >= from && k < to ? 1 : 0;
                    assertEquals(want, e.sequenceIds()[k], where + " sequence id of token " + k);
                    assertEquals(
                            item.path("p_mask").get(k).asInt() == 0,
                            k == 0 || (k >= from && k < to),
                            where + " p_mask " + k);
                }
                JsonNode best = item.path("best_span");
                long[] span = Arrays.copyOfRange(
                        e.ids(), best.path("start").asInt(), best.path("end").asInt() + 1);
                String answer = best.path("answer_text").asText();
                assertEquals(answer, tok.decode(span, false), where + " answer_text");
                List<String> answerTokens = new ArrayList<>();
                best.path("answer_tokens").forEach(t -> answerTokens.add(t.asText()));
                String joined = tok.tokensToString(answerTokens);
                assertTrue(
                        answer.equals(joined) || answer.equals(TextTokenizer.cleanUpTokenization(joined)),
                        where + " tokens " + answerTokens + " join to '" + joined + "', not '" + answer + "'");
            }
            for (JsonNode mask : post.path("per_text").path(i).path("masks")) {
                assertEquals(tok.maskId(), e.ids()[mask.path("position").asInt()], where + " mask position");
                for (JsonNode p : mask.path("top5")) {
                    assertEquals(
                            p.path("token_str").asText(),
                            tok.decode(new long[] {p.path("token").asLong()}, false),
                            where + " token_str of " + p.path("token"));
                }
            }
        }
    }
}

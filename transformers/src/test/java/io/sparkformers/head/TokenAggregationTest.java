package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * transformers' aggregation strategies on chosen logits over the fixture tokenizer's own tokens, with every
 * expected label, score and offset worked out here from the pipeline's rules: the first word is made up, so any
 * vocabulary cuts it into several tokens, and its tokens disagree — the first is weakly LOC, the second strongly PER,
 * the rest I-PER — so FIRST, MAX and AVERAGE each give a different answer; special tokens get a confident label that
 * must never surface.
 */
class TokenAggregationTest {
    static final String[] LABELS = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
    static final int B_PER = 1;
    static final int I_PER = 2;
    static final int B_LOC = 3;
    static final int I_LOC = 4;

    /** The softmax of a token whose logits are {@code strength} on {@code label} and 0 elsewhere. */
    static double[] softmax(int label, double strength) {
        double z = Math.exp(strength) + LABELS.length - 1;
        double[] p = new double[LABELS.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i == label ? Math.exp(strength) : 1) / z;
        }
        return p;
    }

    @Test
    void strategies() throws Exception {
        Path model = Fixtures.models("token-classification").get(0);
        ModelDirectory md = ModelDirectory.open(model.toString(), new Configuration());
        TextTokenizer tok = TextTokenizer.forModel(md, model, 0);
        String firstWord = "Zqxjvkw";
        String text = firstWord + " world";
        TextTokenizer.Encoded e = tok.encode(text);
        List<Integer> word1 = new ArrayList<>();
        List<Integer> word2 = new ArrayList<>();
        List<Integer> special = new ArrayList<>();
        for (int t = 0; t < e.length(); t++) {
            (e.specialTokensMask()[t] != 0 ? special : e.ends()[t] <= firstWord.length() ? word1 : word2).add(t);
        }
        if (word1.size() < 3 || word2.isEmpty() || special.isEmpty()) {
            Fixtures.missing(
                    "the tokenizer cuts '" + firstWord + "' into " + word1.size() + " tokens; the test needs 3");
        }
        int[] label = new int[e.length()];
        double[] strength = new double[e.length()];
        for (int t : special) {
            label[t] = B_PER;
            strength[t] = 9;
        }
        label[word1.get(0)] = B_LOC;
        strength[word1.get(0)] = 1;
        label[word1.get(1)] = B_PER;
        strength[word1.get(1)] = 6;
        for (int k = 2; k < word1.size(); k++) {
            label[word1.get(k)] = I_PER;
            strength[word1.get(k)] = 2;
        }
        for (int k = 0; k < word2.size(); k++) {
            label[word2.get(k)] = k == 0 ? B_LOC : I_LOC;
            strength[word2.get(k)] = 4;
        }
        float[] logits = new float[e.length() * LABELS.length];
        for (int t = 0; t < e.length(); t++) {
            logits[t * LABELS.length + label[t]] = (float) strength[t];
        }
        int w1Start = e.starts()[word1.get(0)];
        int w1End = e.ends()[word1.get(word1.size() - 1)];
        int w2Start = e.starts()[word2.get(0)];
        int w2End = e.ends()[word2.get(word2.size() - 1)];
        double p1 = softmax(B_LOC, 1)[B_LOC];
        double p6 = softmax(B_PER, 6)[B_PER];
        double p2 = softmax(I_PER, 2)[I_PER];
        double p4 = softmax(B_LOC, 4)[B_LOC];

        // none: one entity per token of the text, the special tokens' confident label never shows.
        var none = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.NONE, Set.of("O"), tok);
        assertEquals(word1.size() + word2.size(), none.size());
        for (int k = 0; k < none.size(); k++) {
            int t = k < word1.size() ? word1.get(k) : word2.get(k - word1.size());
            assertEquals(t, none.get(k).index());
            assertEquals(LABELS[label[t]], none.get(k).entity());
            assertEquals(softmax(label[t], strength[t])[label[t]], none.get(k).score(), 1e-6);
        }

        // simple: B-LOC alone, then B-PER + I-PER... merged into PER with the mean score, then LOC.
        var simple = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.SIMPLE, Set.of("O"), tok);
        assertEquals(
                List.of("LOC", "PER", "LOC"),
                simple.stream().map(TokenAggregation.Entity::entity).toList());
        assertEquals(p1, simple.get(0).score(), 1e-6);
        assertEquals(
                (p6 + (word1.size() - 2) * p2) / (word1.size() - 1),
                simple.get(1).score(),
                1e-6);
        assertEquals(e.starts()[word1.get(1)], simple.get(1).start());
        assertEquals(w1End, simple.get(1).end());
        assertEquals(
                text.substring(e.starts()[word1.get(1)], w1End), simple.get(1).word());
        assertEquals(p4, simple.get(2).score(), 1e-6);

        // first: the made-up word takes its first token's label (LOC), with that token's score.
        var first = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.FIRST, Set.of("O"), tok);
        assertEquals(
                List.of("LOC", "LOC"),
                first.stream().map(TokenAggregation.Entity::entity).toList(),
                "FIRST: B-LOC of the word, then B-LOC of 'world' starts a new entity");
        assertEquals(p1, first.get(0).score(), 1e-6);
        assertEquals(firstWord, first.get(0).word());
        assertEquals(w1Start, first.get(0).start());
        assertEquals(w1End, first.get(0).end());
        assertEquals(" world", first.get(1).word());
        assertEquals(w2Start, first.get(1).start(), "offsets skip the space");
        assertEquals(w2End, first.get(1).end());

        // max: the most confident token (the second, 6 on B-PER) decides.
        var max = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.MAX, Set.of("O"), tok);
        assertEquals(
                List.of("PER", "LOC"),
                max.stream().map(TokenAggregation.Entity::entity).toList());
        assertEquals(p6, max.get(0).score(), 1e-6);

        // average: the mean of the tokens' distributions; its best label and that label's mean probability.
        double[] mean = new double[LABELS.length];
        for (int t : word1) {
            double[] p = softmax(label[t], strength[t]);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p[i] / word1.size();
            }
        }
        int best = 0;
        for (int i = 1; i < mean.length; i++) {
            best = mean[i] > mean[best] ? i : best;
        }
        var avg = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.AVERAGE, Set.of("O"), tok);
        assertEquals(
                List.of(LABELS[best].substring(2), "LOC"),
                avg.stream().map(TokenAggregation.Entity::entity).toList());
        assertEquals(mean[best], avg.get(0).score(), 1e-6);
        assertTrue(Math.abs(mean[best] - p6) > 1e-3 && Math.abs(mean[best] - p1) > 1e-3, "the three answers differ");

        // ignoreLabels drops what it names.
        var noLoc = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.SIMPLE, Set.of("O", "LOC"), tok);
        assertEquals(
                List.of("PER"),
                noLoc.stream().map(TokenAggregation.Entity::entity).toList());
    }

    /** MAX takes the first of equally confident pieces, as Python's max() does in the pipeline. */
    @Test
    void maxKeepsTheFirstOfEquallyConfidentPieces() throws Exception {
        Path model = Fixtures.models("token-classification").get(0);
        TextTokenizer tok =
                TextTokenizer.forModel(ModelDirectory.open(model.toString(), new Configuration()), model, 0);
        String firstWord = "Zqxjvkw";
        TextTokenizer.Encoded e = tok.encode(firstWord);
        List<Integer> word = new ArrayList<>();
        for (int t = 0; t < e.length(); t++) {
            if (e.specialTokensMask()[t] == 0) {
                word.add(t);
            }
        }
        if (word.size() < 2) {
            Fixtures.missing("the tokenizer keeps '" + firstWord + "' whole");
        }
        // An exact tie: every other label at -inf, so both pieces put probability 1.0 on their own label.
        float[] logits = new float[e.length() * LABELS.length];
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < e.length(); t++) {
            logits[t * LABELS.length] = 0;
        }
        logits[word.get(0) * LABELS.length] = Float.NEGATIVE_INFINITY;
        logits[word.get(0) * LABELS.length + B_LOC] = 0;
        logits[word.get(1) * LABELS.length] = Float.NEGATIVE_INFINITY;
        logits[word.get(1) * LABELS.length + B_PER] = 0;
        var max = TokenAggregation.aggregate(
                logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.MAX, Set.of("O"), tok);
        assertEquals("LOC", max.get(0).entity(), "a tie goes to the first piece");
    }
}

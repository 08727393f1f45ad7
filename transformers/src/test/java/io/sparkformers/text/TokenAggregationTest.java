package io.sparkformers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * transformers' aggregation strategies on chosen logits over a real byte-level BPE tokenization, checked against
 * what the pipeline's rules give by hand.
 */
class TokenAggregationTest {
  static final String[] LABELS = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};

  /** Logits putting {@code strength} on one label per token. */
  static float[] logits(int[] labels, float[] strength) {
    float[] out = new float[labels.length * LABELS.length];
    for (int t = 0; t < labels.length; t++) {
      out[t * LABELS.length + labels[t]] = strength[t];
    }
    return out;
  }

  @Test
  void strategies() throws Exception {
    Path model = Fixtures.root().resolve("data2vec-text-token-classification");
    ModelDirectory md = ModelDirectory.open(model.toString(), new Configuration());
    TextTokenizer tok = TextTokenizer.forModel(md, model, 0);
    String text = "Hello world";
    TextTokenizer.Encoded e = tok.encode(text);
    // <s> H ell o Ġworld </s>: "Hello" is three tokens, "world" one.
    assertEquals(List.of("<s>", "H", "ell", "o", "Ġworld", "</s>"), List.of(e.tokens()));
    float[] logits = logits(new int[] {0, 1, 2, 3, 3, 0}, new float[] {0, 5, 1, 3, 4, 0});
    var none = TokenAggregation.aggregate(logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.NONE, Set.of("O"), tok);
    assertEquals(List.of("B-PER", "I-PER", "B-LOC", "B-LOC"), none.stream().map(TokenAggregation.Entity::entity).toList());
    assertEquals(1, none.get(0).index());

    // simple: B-PER + I-PER merge into PER ("Hell"), then B-LOC "o" and B-LOC " world" stay apart.
    var simple = TokenAggregation.aggregate(logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.SIMPLE, Set.of("O"), tok);
    assertEquals(List.of("PER", "LOC", "LOC"), simple.stream().map(TokenAggregation.Entity::entity).toList());
    assertEquals("Hell", simple.get(0).word());
    assertEquals(0, simple.get(0).start());
    assertEquals(4, simple.get(0).end());
    assertEquals((none.get(0).score() + none.get(1).score()) / 2, simple.get(0).score(), 1e-12);

    // first: the word "Hello" takes its first token's label; "world" its own.
    var first = TokenAggregation.aggregate(logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.FIRST, Set.of("O"), tok);
    assertEquals(List.of("PER", "LOC"), first.stream().map(TokenAggregation.Entity::entity).toList());
    assertEquals("Hello", first.get(0).word());
    assertEquals(" world", first.get(1).word());
    assertEquals(6, first.get(1).start(), "offsets skip the space");
    assertEquals(11, first.get(1).end());

    // max: the most confident token of "Hello" is "H" (5 on B-PER).
    var max = TokenAggregation.aggregate(logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.MAX, Set.of("O"), tok);
    assertEquals("PER", max.get(0).entity());
    assertEquals(none.get(0).score(), max.get(0).score(), 1e-12);

    // average: the mean distribution over H, ell, o picks B-PER (5 + 0 + 0 on it vs. 3 on B-LOC).
    var avg = TokenAggregation.aggregate(logits, 0, LABELS.length, e, LABELS, TokenAggregation.Strategy.AVERAGE, Set.of("O"), tok);
    assertEquals("PER", avg.get(0).entity());
    assertEquals("LOC", avg.get(1).entity());
  }
}

package io.sparkformers.ml;

import io.sparkformers.head.Pooling;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Sentence embeddings from any encoder export (Data2Vec-Text, BERT, RoBERTa, sentence-transformers' MiniLM, ...):
 * the export's {@code tokenizer.json}, truncation to the model's maximum length, batches padded to their longest
 * row, then {@code cls}, {@code mean} or the graph's {@code pooler} output, optionally L2-normalised, as a Spark ML
 * {@code Vector}.
 */
public class TextEmbedder extends EmbeddingStage<TextEmbedder> implements TextParams<TextEmbedder> {
    private static final long serialVersionUID = 1L;

    public TextEmbedder() {
        this(Identifiable.randomUID("textEmbedder"));
    }

    public TextEmbedder(String uid) {
        super(
                uid,
                TextInput::new,
                Pooling.NAMES,
                "cls | mean | pooler (default mean): first token, mean over real tokens, or the graph's pooler_output",
                "mean",
                "column for last_hidden_state as array<float> [tokens × hidden], flattened (default empty: none)");
    }

    public static MLReader<TextEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static TextEmbedder load(String path) {
        return read().load(path);
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public TextEmbedder copy(ParamMap extra) {
        return (TextEmbedder) super.copy(extra);
    }
}

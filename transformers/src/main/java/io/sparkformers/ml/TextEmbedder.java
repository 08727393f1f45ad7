package io.sparkformers.ml;

import io.sparkformers.head.Pooling;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Sentence embeddings from any encoder export (Data2Vec-Text, BERT, RoBERTa, sentence-transformers' MiniLM, ...):
 * the export's {@code tokenizer.json}, truncation to the model's maximum length (a sentence-transformers folder's
 * {@code max_seq_length}), batches padded to their longest row, then a token pooling or the graph's pooled output,
 * optionally L2-normalised, as a Spark ML {@code Vector}. Pointed at a sentence-transformers folder with its defaults,
 * it gives {@code SentenceTransformer.encode}'s vectors.
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
                withAuto(Pooling.NAMES),
                "auto | cls | mean | max | mean_sqrt_len | weightedmean | lasttoken | pooler (default auto: the graph's"
                        + " sentence_embedding when it has one (optimum's sentence-transformers export), else the Pooling"
                        + " module of a sentence-transformers folder (modules.json, 1_Pooling/config.json) with its"
                        + " Normalize unless normalize is set, else mean). The token poolings are sentence-transformers':"
                        + " first token, mean, max, sum / sqrt(count), position-weighted mean, last token, over real"
                        + " tokens; pooler is the graph's pooler_output",
                "auto",
                "column for last_hidden_state as array<float> [tokens × hidden], flattened (default empty: none)");
    }

    private static String[] withAuto(String[] names) {
        String[] out = new String[names.length + 1];
        out[0] = "auto";
        System.arraycopy(names, 0, out, 1, names.length);
        return out;
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

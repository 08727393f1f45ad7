package io.sparkformers.ml;

import io.sparkformers.head.Pooling;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Sentence embeddings from any encoder export (Data2Vec-Text, BERT, RoBERTa, sentence-transformers' MiniLM, ...):
 * the export's {@code tokenizer.json}, truncation to the model's maximum length, batches padded to their longest
 * row, then {@code cls}, {@code mean} or the graph's {@code pooler} output, optionally L2-normalised, as a Spark ML
 * {@code Vector}.
 */
public class TextEmbedder extends TextStage<TextEmbedder>
        implements InputColParams<TextEmbedder>, EmbeddingParams<TextEmbedder> {
    private static final long serialVersionUID = 1L;

    private final EmbeddingColumns columns = new EmbeddingColumns(
            this,
            Pooling.NAMES,
            "cls | mean | pooler (default mean): first token, mean over real tokens, or the graph's pooler_output",
            "column for last_hidden_state as array<float> [tokens × hidden], flattened (default empty: none)");

    public TextEmbedder() {
        this(Identifiable.randomUID("textEmbedder"));
    }

    public TextEmbedder(String uid) {
        super(uid);
        setEmbeddingDefaults(columns, "mean");
    }

    public static MLReader<TextEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static TextEmbedder load(String path) {
        return read().load(path);
    }

    @Override
    public EmbeddingColumns embeddingColumns() {
        return columns;
    }

    private EmbeddingHead head() {
        return EmbeddingHead.of($(pooling()), (Boolean) $(normalize()), columns.wantsHiddenStates(this));
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkTextModel(model, session);
        head().check(this, model, session);
    }

    @Override
    protected List<StructField> outputFields() {
        return withTruncatedFlag(columns.fields(this));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return textTask(inputSchema, -1, head());
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public TextEmbedder copy(ParamMap extra) {
        return (TextEmbedder) super.copy(extra);
    }
}

package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Embeddings over any modality: an input part in front of the {@link EmbeddingHead} (the graph's pooled output, or
 * {@code cls} / {@code mean} over its hidden states, optionally L2-normalised, as a Spark ML Vector, so {@code KMeans},
 * {@code BucketedRandomProjectionLSH} and {@code VectorAssembler} take it as is), and the raw hidden states when
 * {@code hiddenStateCol} is set.
 */
public abstract class EmbeddingStage<S extends EmbeddingStage<S>> extends MediaStage<S>
        implements EmbeddingParams<S>, InputColParams<S> {
    private static final long serialVersionUID = 1L;

    final EmbeddingColumns columns;

    /** The poolings offered, with their doc and the default, and what the hidden states column holds. */
    protected EmbeddingStage(
            String uid,
            Function<ModelStage<?>, MediaInput> part,
            String[] poolings,
            String poolingDoc,
            String defaultPooling,
            String hiddenStateDoc) {
        super(uid, part);
        columns = new EmbeddingColumns(this, poolings, poolingDoc, hiddenStateDoc);
        setEmbeddingDefaults(columns, defaultPooling);
    }

    @Override
    public EmbeddingColumns embeddingColumns() {
        return columns;
    }

    private EmbeddingHead head() {
        // Unset, normalize is the sentence-transformers folder's to decide (its Normalize module).
        Boolean normalize = isSet(normalize()) ? (Boolean) $(normalize()) : null;
        return EmbeddingHead.of($(pooling()), normalize, columns.wantsHiddenStates(this), media instanceof TextInput);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        media.check(model, session);
        head().check(this, model, session);
    }

    @Override
    protected List<StructField> outputFields() {
        return media.withInputFields(columns.fields(this));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return media.task(inputSchema, conf, head());
    }
}

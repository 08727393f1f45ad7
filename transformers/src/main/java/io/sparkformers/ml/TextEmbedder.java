package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Pooling;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Vectors;
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
public class TextEmbedder extends TextStage<TextEmbedder> implements EmbeddingParams<TextEmbedder> {
    private static final long serialVersionUID = 1L;
    static final String HIDDEN = "last_hidden_state";
    static final String POOLER = "pooler_output";

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

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkTextModel(model, session);
        Pooling p = Pooling.parse($(pooling()));
        if (p == Pooling.POOLER && !session.outputs().containsKey(POOLER)) {
            throw new ModelException(name() + ": pooling=pooler but model " + model.uri() + " has no '" + POOLER
                    + "' output (outputs " + session.outputs().keySet() + "); use cls or mean");
        }
        if (p != Pooling.POOLER || columns.wantsHiddenStates(this)) {
            String hidden = hiddenOutput(session);
            if (hidden == null) {
                throw new ModelException(
                        name() + ": model " + model.uri() + " has no [batch, sequence, hidden] output to pool (outputs "
                                + session.outputs().keySet() + ")");
            }
        }
    }

    /** {@code last_hidden_state}, else the first output of rank 3. */
    static String hiddenOutput(OnnxModel session) {
        if (session.outputs().containsKey(HIDDEN)) {
            return HIDDEN;
        }
        for (String o : session.outputs().keySet()) {
            if (session.shape(o).length == 3) {
                return o;
            }
        }
        return null;
    }

    @Override
    protected List<StructField> outputFields() {
        return withTruncatedFlag(columns.fields(this));
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        return textTask(
                inputSchema,
                -1,
                new EmbeddingHead(
                        Pooling.parse($(pooling())), (Boolean) $(normalize()), columns.wantsHiddenStates(this)));
    }

    /**
     * The sentence embedding head: the graph's pooler output, or cls / mean over the hidden states of the row's own
     * tokens (the attention mask), optionally L2-normalised; the raw hidden states of the row's tokens when asked for.
     */
    private record EmbeddingHead(Pooling pooling, boolean normalize, boolean hidden) implements TextHead {
        @Override
        public Head<TextTokenizer.Encoded> create(ModelDirectory model, OnnxModel session, TextTokenizer tokenizer) {
            String states = hiddenOutput(session);
            Set<String> fetch = new LinkedHashSet<>();
            if (pooling == Pooling.POOLER) {
                fetch.add(POOLER);
            }
            if (pooling != Pooling.POOLER || hidden) {
                fetch.add(states);
            }
            return new Head<>() {
                @Override
                public Set<String> outputs() {
                    return fetch;
                }

                @Override
                public List<Object[]> decode(OrtSession.Result result, List<? extends TextTokenizer.Encoded> items)
                        throws OrtException {
                    Outputs.Batch pooled = pooling == Pooling.POOLER ? Outputs.floats(result, POOLER) : null;
                    Outputs.Batch batch = fetch.contains(states) ? Outputs.floats(result, states) : null;
                    List<Object[]> out = new ArrayList<>(items.size());
                    for (int i = 0; i < items.size(); i++) {
                        TextTokenizer.Encoded e = items.get(i);
                        float[] v = pooled != null
                                ? pooled.row(i)
                                : Pooling.pool(
                                        pooling,
                                        batch.data(),
                                        (int) batch.shape()[1],
                                        (int) batch.shape()[2],
                                        i,
                                        e.attentionMask());
                        double[] d = Pooling.embedding(v, normalize);
                        out.add(
                                hidden
                                        ? new Object[] {
                                            Vectors.dense(d),
                                            ScalaCollections.wrap(
                                                    Arrays.copyOf(batch.row(i), e.length() * (int) batch.shape()[2]))
                                        }
                                        : new Object[] {Vectors.dense(d)});
                    }
                    return out;
                }
            };
        }
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public TextEmbedder copy(ParamMap extra) {
        return (TextEmbedder) super.copy(extra);
    }
}

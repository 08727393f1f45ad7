package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Speaker embeddings from x-vector exports ({@code *ForXVector}): the graph's {@code embeddings} as a Spark ML
 * {@code Vector}. {@link #cosineSimilarity} compares two embedding columns for speaker verification (same speaker
 * when above a threshold tuned on your data).
 */
public class SpeakerEmbedder extends MediaStage<SpeakerEmbedder>
        implements AudioParams<SpeakerEmbedder>, InputColParams<SpeakerEmbedder>, VectorFormatParams<SpeakerEmbedder> {
    private static final long serialVersionUID = 1L;
    static final String EMBEDDINGS = "embeddings";

    private final Param<String> outputCol =
            new Param<>(this, "outputCol", "embedding column, a Vector (default embedding)");
    private final BooleanParam normalize =
            new BooleanParam(this, "normalize", "scale embeddings to unit L2 norm (default false)");

    public SpeakerEmbedder() {
        this(Identifiable.randomUID("speakerEmbedder"));
    }

    public SpeakerEmbedder(String uid) {
        super(uid, AudioInput::new);
        setDefault(outputCol, "embedding");
        setDefault(normalize, false);
    }

    public static MLReader<SpeakerEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static SpeakerEmbedder load(String path) {
        return read().load(path);
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public BooleanParam normalize() {
        return normalize;
    }

    public SpeakerEmbedder setOutputCol(String v) {
        return setParam(outputCol, v);
    }

    /** Gets {@code outputCol} or its default. */
    public String getOutputCol() {
        return $(outputCol);
    }

    public SpeakerEmbedder setNormalize(boolean v) {
        return setParam(normalize, v);
    }

    /** Gets {@code normalize} or its default. */
    public boolean getNormalize() {
        return (Boolean) $(normalize);
    }

    private static final UserDefinedFunction COSINE = functions.udf(
            (UDF2<Vector, Vector, Double>) (a, b) -> {
                if (a == null || b == null) {
                    return null;
                }
                double na = Vectors.norm(a, 2);
                double nb = Vectors.norm(b, 2);
                return na == 0 || nb == 0 ? 0.0 : a.dot(b) / (na * nb);
            },
            DataTypes.DoubleType);

    /** Cosine similarity of two Vector columns (null when either is null): the usual speaker-verification score. */
    public static Column cosineSimilarity(Column a, Column b) {
        return COSINE.apply(a, b);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        audio().checkWaveform(model, session);
        if (!session.outputs().containsKey(EMBEDDINGS)) {
            throw new ModelException(name() + ": model " + model.uri() + " has outputs "
                    + session.outputs().keySet() + "; an x-vector graph returns embeddings");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return List.of(DataTypes.createStructField($(outputCol), SQLDataTypes.VectorType(), true));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return audio().clipTask(
                        inputSchema,
                        conf,
                        new EmbeddingHead("pooler", (Boolean) $(normalize), false, EMBEDDINGS, false));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public SpeakerEmbedder copy(ParamMap extra) {
        return (SpeakerEmbedder) super.copy(extra);
    }
}

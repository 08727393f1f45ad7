package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Frame classification (voice activity, speaker changes, ...): the label of every frame of the clip's own audio
 * (one frame per conv-encoder step, 320 samples = 20 ms for wav2vec2-style encoders), and those frames merged into
 * segments {@code array<struct<label, start, end, score>>} in seconds, score = the mean of the frames' top
 * probabilities.
 */
public class AudioFrameClassifier extends MediaStage<AudioFrameClassifier>
        implements AudioParams<AudioFrameClassifier>, InputColParams<AudioFrameClassifier> {
    private static final long serialVersionUID = 1L;
    public static final StructType SEGMENT = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("start", DataTypes.DoubleType, false),
        DataTypes.createStructField("end", DataTypes.DoubleType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false)
    });

    private final Param<String> framesCol =
            new Param<>(this, "framesCol", "array<string> label per frame (default frameLabels; empty: none)");
    private final Param<String> segmentsCol =
            new Param<>(this, "segmentsCol", "merged segments column (default segments; empty: none)");

    public AudioFrameClassifier() {
        this(Identifiable.randomUID("audioFrameClassifier"));
    }

    public AudioFrameClassifier(String uid) {
        super(uid, AudioInput::new);
        setDefault(framesCol, "frameLabels");
        setDefault(segmentsCol, "segments");
    }

    public static MLReader<AudioFrameClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static AudioFrameClassifier load(String path) {
        return read().load(path);
    }

    public Param<String> framesCol() {
        return framesCol;
    }

    public Param<String> segmentsCol() {
        return segmentsCol;
    }

    public AudioFrameClassifier setFramesCol(String v) {
        return setParam(framesCol, v);
    }

    /** Gets {@code framesCol} or its default. */
    public String getFramesCol() {
        return $(framesCol);
    }

    public AudioFrameClassifier setSegmentsCol(String v) {
        return setParam(segmentsCol, v);
    }

    /** Gets {@code segmentsCol} or its default. */
    public String getSegmentsCol() {
        return $(segmentsCol);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        audio().checkWaveform(model, session);
        checkOutputRank(
                model,
                session,
                Head.LOGITS,
                3,
                "a frame-classification graph returns logits [batch, frames, num_labels]");
    }

    @Override
    protected List<StructField> outputFields() {
        List<StructField> out = new ArrayList<>();
        if (!$(framesCol).isEmpty()) {
            out.add(DataTypes.createStructField(
                    $(framesCol), DataTypes.createArrayType(DataTypes.StringType, false), true));
        }
        if (!$(segmentsCol).isEmpty()) {
            out.add(DataTypes.createStructField($(segmentsCol), DataTypes.createArrayType(SEGMENT, false), true));
        }
        return out;
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return audio().clipTask(
                        inputSchema,
                        conf,
                        new FrameHead(!$(framesCol).isEmpty(), !$(segmentsCol).isEmpty()));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public AudioFrameClassifier copy(ParamMap extra) {
        return (AudioFrameClassifier) super.copy(extra);
    }
}

package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.audio.AudioActivations;
import io.sparkformers.audio.AudioBatchCodec;
import io.sparkformers.audio.AudioFeatures;
import io.sparkformers.audio.AudioSource;
import io.sparkformers.audio.ClipCodec;
import io.sparkformers.audio.PreparedAudio;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.OnnxModel;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * What every audio stage shares: the accepted columns (file bytes, paths, or samples with a sample-rate column),
 * the {@code maxSeconds} bound, the export's {@code Wav2Vec2FeatureExtractor}, and the graph check.
 */
public abstract class AudioStage<S extends AudioStage<S>> extends ModelStage<S> {
    private static final long serialVersionUID = 1L;
    static final double DEFAULT_MAX_SECONDS = 3 * 3600;

    private final Param<String> sampleRateCol = new Param<>(
            this, "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)");
    private final DoubleParam maxSeconds = new DoubleParam(
            this,
            "maxSeconds",
            "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate "
                    + "while it is prepared and 4 while it waits for the model; the model's activations are bounded by "
                    + "maxInferenceMemory",
            ParamValidators.gt(0));

    protected AudioStage(String uid) {
        super(uid);
        setDefault(inputCol(), "audio");
        setDefault(sampleRateCol, "sampleRate");
        setDefault(maxSeconds, DEFAULT_MAX_SECONDS);
    }

    public Param<String> sampleRateCol() {
        return sampleRateCol;
    }

    public DoubleParam maxSeconds() {
        return maxSeconds;
    }

    public S setSampleRateCol(String v) {
        return setParam(sampleRateCol, v);
    }

    public S setMaxSeconds(double v) {
        return setParam(maxSeconds, v);
    }

    @Override
    protected int window() {
        return getBatchSize() * TextStage.BUCKET_BATCHES;
    }

    @Override
    protected List<String> inputColumns() {
        return List.of(getInputCol());
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        if (AudioSource.forColumn(type, 0, 0, 1, null) == null) {
            throw new IllegalArgumentException(name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected " + AudioSource.ACCEPTED);
        }
    }

    protected AudioSource audioSource(StructType schema, SerializableHadoopConf conf) {
        int column = schema.fieldIndex(getInputCol());
        AudioSource probe = AudioSource.forColumn(schema.apply(column).dataType(), column, -1, 1, null);
        int rate = -1;
        if (probe.needsRate()) {
            String rc = $(sampleRateCol);
            if (!Arrays.asList(schema.fieldNames()).contains(rc)
                    || !(schema.apply(rc).dataType() instanceof NumericType)) {
                throw new IllegalArgumentException(name() + ": samples in '" + getInputCol()
                        + "' need a numeric sampling-rate column '" + rc + "' (set sampleRateCol)");
            }
            rate = schema.fieldIndex(rc);
        }
        return AudioSource.forColumn(schema.apply(column).dataType(), column, rate, (Double) $(maxSeconds), conf);
    }

    /** A task over audio clips: this stage's audio source and the export's front end in front of {@code head}. */
    protected CodecFactory audioTask(StructType inputSchema, SerializableHadoopConf conf, Head.Factory head) {
        return new AudioTask(audioSource(inputSchema, conf), head);
    }

    private record AudioTask(AudioSource source, Head.Factory head) implements CodecFactory {
        @Override
        public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            Head h = head.create(model, session);
            return new AudioBatchCodec<Object[]>(
                    source, features(model), activations(model), takesMask(session), h.outputs()) {
                @Override
                public List<Object[]> decode(OrtSession.Result result, List<PreparedAudio> items) throws OrtException {
                    return h.decode(result, items.size());
                }
            };
        }
    }

    static AudioFeatures features(ModelDirectory model) {
        return AudioFeatures.fromConfig(
                model.preprocessorConfig(), model.uri() + "/" + ModelDirectory.PREPROCESSOR_CONFIG);
    }

    static boolean takesMask(OnnxModel session) {
        return session.inputs().containsKey(ClipCodec.ATTENTION_MASK);
    }

    /** Checks the export names a known front end and the graph takes the input that front end fills. */
    protected void checkAudioModel(ModelDirectory model, OnnxModel session) {
        AudioFeatures features = features(model);
        if (!session.inputs().containsKey(features.inputName())) {
            throw new ModelException(name() + ": model " + model.uri() + " takes inputs "
                    + session.inputs().keySet() + "; its " + features.getClass().getSimpleName() + " front end fills "
                    + features.inputName());
        }
    }

    /**
     * Heads that map output frames back to samples (CTC chunks, frame labels) need a front end over the raw waveform,
     * whose frames follow the clip: a fixed-window log-mel front end is refused.
     */
    protected void checkWaveformModel(ModelDirectory model, OnnxModel session) {
        checkAudioModel(model, session);
        AudioFeatures features = features(model);
        if (features.fixedSize()) {
            throw new ModelException(name() + ": model " + model.uri() + " reads a fixed window of log-mel features; "
                    + "this head needs a raw-waveform front end (Wav2Vec2FeatureExtractor)");
        }
    }

    /** The encoder's shape from config.json: frames per clip and the activation-memory estimate. */
    static AudioActivations activations(ModelDirectory model) {
        return AudioActivations.of(model.config());
    }
}

package io.sparkformers.ml;

import io.sparkformers.batch.AudioActivations;
import io.sparkformers.batch.AudioClipInput;
import io.sparkformers.batch.ChunkedAudioInput;
import io.sparkformers.batch.PreparedAudio;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.AudioFeatures;
import io.sparkformers.preprocess.Wav2Vec2Features;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.source.AudioSource;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * A stage's audio input, as a part it is composed of: the {@code sampleRateCol} and {@code maxSeconds} Params
 * (declared on the stage), the columns it accepts (file bytes, paths, or samples with a sample-rate column), the
 * export's front end ({@link AudioFeatures}) and the graph check, and the input codec it puts in front of a {@link
 * Head}. Every audio stage holds one.
 */
final class AudioInput implements MediaInput {
    private static final long serialVersionUID = 1L;
    static final double DEFAULT_MAX_SECONDS = 3 * 3600;

    private final ModelStage<?> stage;
    final Param<String> sampleRateCol;
    final DoubleParam maxSeconds;

    AudioInput(ModelStage<?> stage) {
        this.stage = stage;
        this.sampleRateCol = new Param<>(
                stage, "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)");
        this.maxSeconds = new DoubleParam(
                stage,
                "maxSeconds",
                "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's "
                        + "rate while it is prepared and 4 while it waits for the model; the model's activations are "
                        + "bounded by maxInferenceMemory",
                ParamValidators.gt(0));
        stage.defaultParam(sampleRateCol, "sampleRate");
        stage.defaultParam(maxSeconds, DEFAULT_MAX_SECONDS);
    }

    @Override
    public String modality() {
        return "audio";
    }

    static boolean accepts(DataType type) {
        return AudioSource.forColumn(type, 0, 0, 1, null) != null;
    }

    @Override
    public void checkInputType(String column, DataType type) {
        if (!accepts(type)) {
            throw new IllegalArgumentException(stage.name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected " + AudioSource.ACCEPTED);
        }
    }

    /** Rows gathered before batching: clips are sorted by length within a window of several batches. */
    @Override
    public int window(int batchSize) {
        return batchSize * TextInput.BUCKET_BATCHES;
    }

    AudioSource source(StructType schema, SerializableHadoopConf conf) {
        int column = schema.fieldIndex(stage.inputColumn());
        AudioSource probe = AudioSource.forColumn(schema.apply(column).dataType(), column, -1, 1, null);
        int rate = -1;
        if (probe.needsRate()) {
            String rc = stage.getOrDefault(sampleRateCol);
            if (!Arrays.asList(schema.fieldNames()).contains(rc)
                    || !(schema.apply(rc).dataType() instanceof NumericType)) {
                throw new IllegalArgumentException(stage.name() + ": samples in '" + stage.inputColumn()
                        + "' need a numeric sampling-rate column '" + rc + "' (set sampleRateCol)");
            }
            rate = schema.fieldIndex(rc);
        }
        return AudioSource.forColumn(
                schema.apply(column).dataType(), column, rate, (Double) stage.getOrDefault(maxSeconds), conf);
    }

    /** A task over audio clips: the stage's audio source and the export's front end in front of {@code head}. */
    @Override
    public Composition<?> task(StructType inputSchema, SerializableHadoopConf conf, Head.Factory<Object> head) {
        return clipTask(inputSchema, conf, head);
    }

    /** {@link #task} for a head that reads the prepared clips (their length). */
    Composition<PreparedAudio> clipTask(
            StructType inputSchema, SerializableHadoopConf conf, Head.Factory<? super PreparedAudio> head) {
        AudioSource source = source(inputSchema, conf);
        return new Composition<>(
                (model, session, c) ->
                        new AudioClipInput(source, features(model), activations(model), takesMask(session)),
                head);
    }

    /**
     * A task over long audio: the stage's audio source cut into chunks of {@code chunkSeconds} with {@code
     * strideSeconds} on each side (0: every clip whole) in front of {@code head}.
     */
    Composition<ChunkedAudioInput.Piece> chunkedTask(
            StructType inputSchema,
            SerializableHadoopConf conf,
            double chunkSeconds,
            double strideSeconds,
            Head.Factory<? super ChunkedAudioInput.Piece> head) {
        AudioSource source = source(inputSchema, conf);
        return new Composition<>(
                (model, session, c) -> new ChunkedAudioInput(
                        source, features(model), activations(model), takesMask(session), chunkSeconds, strideSeconds),
                head);
    }

    static AudioFeatures features(ModelDirectory model) {
        return AudioFeatures.fromConfig(
                model.preprocessorConfig(), model.config(), model.uri() + "/" + ModelDirectory.PREPROCESSOR_CONFIG);
    }

    static boolean takesMask(OnnxModel session) {
        return session.inputs().containsKey(Wav2Vec2Features.ATTENTION_MASK);
    }

    /** The encoder's shape from config.json: frames per clip and the activation-memory estimate. */
    static AudioActivations activations(ModelDirectory model) {
        return AudioActivations.of(model.config());
    }

    /** Checks the export names a known front end and the graph takes the input that front end fills. */
    @Override
    public void check(ModelDirectory model, OnnxModel session) {
        AudioFeatures features = features(model);
        if (!session.inputs().containsKey(features.inputName())) {
            throw new ModelException(stage.name() + ": model " + model.uri() + " takes inputs "
                    + session.inputs().keySet() + "; its " + features.getClass().getSimpleName() + " front end fills "
                    + features.inputName());
        }
    }

    /**
     * Heads that map output frames back to samples (CTC chunks, frame labels) need a front end over the raw waveform,
     * whose frames follow the clip: a fixed-window log-mel front end is refused.
     */
    void checkWaveform(ModelDirectory model, OnnxModel session) {
        check(model, session);
        if (features(model).fixedSize()) {
            throw new ModelException(stage.name() + ": model " + model.uri() + " reads a fixed window of log-mel "
                    + "features; this head needs a raw-waveform front end (Wav2Vec2FeatureExtractor)");
        }
    }
}

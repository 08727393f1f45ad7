package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.audio.AudioBatchCodec;
import io.sparkformers.audio.AudioSource;
import io.sparkformers.audio.PreparedAudio;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Audio classification (keyword spotting, language id, emotions, ...) with the classifier columns of {@link ImageClassifier}. */
public class AudioClassifier extends AudioStage<AudioClassifier> implements ClassifierParams<AudioClassifier> {
    private static final long serialVersionUID = 1L;
    static final String LOGITS = "logits";

    private final ClassifierColumns columns = new ClassifierColumns(this);

    public AudioClassifier() {
        this(Identifiable.randomUID("audioClassifier"));
    }

    public AudioClassifier(String uid) {
        super(uid);
        setClassifierDefaults(columns);
    }

    public static MLReader<AudioClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static AudioClassifier load(String path) {
        return read().load(path);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkAudioModel(model, session);
        checkOutputRank(model, session, LOGITS, 2, "an audio-classification graph returns logits [batch, num_labels]");
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        return new Factory(audioSource(inputSchema, conf), columns.spec(this));
    }

    private record Factory(AudioSource source, ClassifierColumns.Spec spec) implements CodecFactory {
        @Override
        public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            String logits = outputOr(session, LOGITS);
            Classification head = new Classification(model.labels((int) session.shape(logits)[1]));
            return new AudioBatchCodec<Object[]>(
                    source, features(model), activations(model), takesMask(session), Set.of(logits)) {
                @Override
                public List<Object[]> decode(OrtSession.Result result, List<PreparedAudio> items) throws OrtException {
                    return BatchCodec.eachRow(
                            result,
                            logits,
                            items,
                            (batch, i, item) -> ClassifierColumns.values(spec, batch.row(i), head, "softmax"));
                }
            };
        }
    }
}

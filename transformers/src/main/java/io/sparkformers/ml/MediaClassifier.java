package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.source.AudioSource;
import io.sparkformers.source.ImageSource;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Classification of images or audio clips, whichever the export reads: an {@link ImageInput} or an {@link AudioInput}
 * (chosen by the export's {@code preprocessor_config.json}: a feature extractor with a sampling rate reads audio) in
 * front of the {@link ClassifierHead}. Columns follow Spark ML classifiers, so MLlib's evaluators work: {@code
 * rawPrediction} (logits), {@code probability} (softmax), {@code prediction} (index), plus {@code predictedLabel} and
 * {@code topK} as Hugging Face's pipelines return them. An empty column name drops that column. {@link
 * ImageClassifier} and {@link AudioClassifier} differ only in their default input column.
 */
public abstract class MediaClassifier<S extends MediaClassifier<S>> extends ModelStage<S>
        implements ClassifierParams<S> {
    private static final long serialVersionUID = 1L;

    private final ImageInput image = new ImageInput(this);
    private final AudioInput audio = new AudioInput(this);
    private final ClassifierColumns columns = new ClassifierColumns(this);

    protected MediaClassifier(String uid) {
        super(uid);
        setClassifierDefaults(columns);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
    }

    public LongParam maxPixels() {
        return image.maxPixels;
    }

    public S setMaxPixels(long v) {
        return setParam(image.maxPixels, v);
    }

    /** Gets {@code maxPixels} or its default. */
    public long getMaxPixels() {
        return (Long) $(image.maxPixels);
    }

    public Param<String> sampleRateCol() {
        return audio.sampleRateCol;
    }

    public S setSampleRateCol(String v) {
        return setParam(audio.sampleRateCol, v);
    }

    /** Gets {@code sampleRateCol} or its default. */
    public String getSampleRateCol() {
        return $(audio.sampleRateCol);
    }

    public DoubleParam maxSeconds() {
        return audio.maxSeconds;
    }

    public S setMaxSeconds(double v) {
        return setParam(audio.maxSeconds, v);
    }

    /** Gets {@code maxSeconds} or its default. */
    public double getMaxSeconds() {
        return (Double) $(audio.maxSeconds);
    }

    /** Whether the export reads audio: its preprocessor is a feature extractor with a sampling rate. */
    private static boolean readsAudio(ModelDirectory model) {
        return model.preprocessorConfig().has("sampling_rate");
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        if (!ImageInput.accepts(type) && !AudioInput.accepts(type)) {
            throw new IllegalArgumentException(name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected an image (" + ImageSource.ACCEPTED + ") or audio ("
                    + AudioSource.ACCEPTED + ")");
        }
    }

    @Override
    protected int window() {
        return readsAudio(model()) ? audio.window(getBatchSize()) : super.window();
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        if (readsAudio(model)) {
            audio.check(model, session);
            ClassifierHead.check(this, model, session, "audio-classification");
        } else {
            image.check(model, session);
            ClassifierHead.check(this, model, session, "image-classification");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        Head.Factory<Object> head = ClassifierHead.factory(columns.spec(this));
        return readsAudio(model()) ? audio.task(inputSchema, conf, head) : image.task(inputSchema, conf, head);
    }
}

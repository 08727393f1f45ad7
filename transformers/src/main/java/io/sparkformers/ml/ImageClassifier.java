package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.head.Classification;
import io.sparkformers.image.ImageBatchCodec;
import io.sparkformers.image.ImageProcessor;
import io.sparkformers.image.ImageSource;
import io.sparkformers.image.PreparedImage;
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

/**
 * Image classification with any Hugging Face image-classification export (ConvNeXt, ConvNeXt V2, LeViT with or
 * without teacher, DINOv2, Data2Vec-Vision, DiNAT, ...). Preprocessing follows the export's
 * {@code preprocessor_config.json}, labels its {@code config.json}. Columns follow Spark ML classifiers, so MLlib's
 * evaluators work: {@code rawPrediction} (logits), {@code probability} (softmax), {@code prediction} (index), plus
 * {@code predictedLabel} and {@code topK} as Hugging Face's pipeline returns them. An empty column name drops that
 * column.
 */
public class ImageClassifier extends ImageStage<ImageClassifier> implements ClassifierParams<ImageClassifier> {
    private static final long serialVersionUID = 1L;
    static final String LOGITS = "logits";

    private final ClassifierColumns columns = new ClassifierColumns(this);

    public ImageClassifier() {
        this(Identifiable.randomUID("imageClassifier"));
    }

    public ImageClassifier(String uid) {
        super(uid);
        setClassifierDefaults(columns);
    }

    public static MLReader<ImageClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ImageClassifier load(String path) {
        return read().load(path);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkImageModel(model, session);
        checkOutputRank(model, session, LOGITS, 2, "an image-classification graph returns logits [batch, num_labels]");
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        return new Factory(imageSource(inputSchema, conf), columns.spec(this));
    }

    private record Factory(ImageSource source, ClassifierColumns.Spec spec) implements CodecFactory {
        @Override
        public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            ImageProcessor processor = processor(model);
            String logits = outputOr(session, LOGITS);
            long[] shape = session.shape(logits);
            Classification head = new Classification(model.labels((int) shape[1]));
            return new ImageBatchCodec<Object[]>(source, processor, PIXEL_VALUES, Set.of(logits)) {
                @Override
                public List<Object[]> decode(OrtSession.Result result, List<PreparedImage> items) throws OrtException {
                    return BatchCodec.eachRow(
                            result,
                            logits,
                            items,
                            (batch, i, item) -> ClassifierColumns.values(spec, batch.row(i), head, "softmax"));
                }
            };
        }

        @Override
        public int staticBatch(OnnxModel session) {
            return ImageStage.staticBatch(session);
        }
    }
}

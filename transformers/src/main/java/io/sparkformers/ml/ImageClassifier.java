package io.sparkformers.ml;

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
 * Image classification with any Hugging Face image-classification export (ConvNeXt, ConvNeXt V2, LeViT with or
 * without teacher, DINOv2, Data2Vec-Vision, DiNAT, ViT, ...): preprocessing follows the export's {@code
 * preprocessor_config.json}, labels its {@code config.json}; an image input in front of the {@link ClassifierHead}
 * (softmax, as the pipeline scores). Columns follow Spark ML classifiers, so MLlib's evaluators work: {@code
 * rawPrediction} (logits), {@code probability}, {@code prediction} (index), plus {@code predictedLabel} and {@code
 * topK} as Hugging Face's pipelines return them. An empty column name drops that column.
 */
public class ImageClassifier extends ImageStage<ImageClassifier> implements ClassifierParams<ImageClassifier> {
    private static final long serialVersionUID = 1L;

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
        ClassifierHead.check(this, model, session, "an image-classification");
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return image.task(inputSchema, conf, ClassifierHead.factory(columns.spec(this), "softmax"));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageClassifier copy(ParamMap extra) {
        return (ImageClassifier) super.copy(extra);
    }
}

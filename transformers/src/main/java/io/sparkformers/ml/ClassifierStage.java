package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Classification over any modality: an input part in front of the {@link ClassifierHead}. Columns follow Spark ML
 * classifiers, so MLlib's evaluators work: {@code rawPrediction} (logits), {@code probability}, {@code prediction}
 * (index), plus {@code predictedLabel} and {@code topK} as Hugging Face's pipelines return them. An empty column name
 * drops that column.
 */
public abstract class ClassifierStage<S extends ClassifierStage<S>> extends MediaStage<S>
        implements ClassifierParams<S>, InputColParams<S> {
    private static final long serialVersionUID = 1L;

    final ClassifierColumns columns = new ClassifierColumns(this);

    protected ClassifierStage(String uid, Function<ModelStage<?>, MediaInput> part) {
        super(uid, part);
        setClassifierDefaults(columns);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
    }

    /** How logits become scores: softmax, as the image and audio pipelines score. */
    protected String scoring() {
        return "softmax";
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        media.check(model, session);
        String graph = media.modality() + "-classification";
        ClassifierHead.check(this, model, session, ("aeiou".indexOf(graph.charAt(0)) >= 0 ? "an " : "a ") + graph);
    }

    @Override
    protected List<StructField> outputFields() {
        return media.withInputFields(columns.fields(this));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return media.task(inputSchema, conf, ClassifierHead.factory(columns.spec(this), scoring()));
    }
}

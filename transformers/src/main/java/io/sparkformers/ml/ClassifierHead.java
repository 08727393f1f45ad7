package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sequence classification over any modality: {@code logits} [batch, labels] (or the graph's only output) → Spark ML's
 * classifier columns with the export's labels, scored by softmax as the image and audio pipelines do.
 */
final class ClassifierHead implements Head<Object> {
    static final String LOGITS = "logits";

    private final String logits;
    private final Classification classification;
    private final ClassifierColumns.Spec spec;

    private ClassifierHead(String logits, Classification classification, ClassifierColumns.Spec spec) {
        this.logits = logits;
        this.classification = classification;
        this.spec = spec;
    }

    /** The head for a stage whose classifier columns are {@code spec}. */
    static Head.Factory<Object> factory(ClassifierColumns.Spec spec) {
        return (model, session) -> {
            String logits = ModelStage.outputOr(session, LOGITS);
            return new ClassifierHead(logits, new Classification(model.labels((int) session.shape(logits)[1])), spec);
        };
    }

    /** Checks the graph returns logits [batch, num_labels]; {@code task} names the graph in the message. */
    static void check(ModelStage<?> stage, ModelDirectory model, OnnxModel session, String task) {
        stage.checkOutputRank(model, session, LOGITS, 2, "an " + task + " graph returns logits [batch, num_labels]");
    }

    @Override
    public Set<String> outputs() {
        return Set.of(logits);
    }

    @Override
    public List<Object[]> decode(OrtSession.Result result, List<?> items) throws OrtException {
        Outputs.Batch batch = Outputs.floats(result, logits);
        List<Object[]> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(ClassifierColumns.values(spec, batch.row(i), classification, "softmax"));
        }
        return out;
    }
}

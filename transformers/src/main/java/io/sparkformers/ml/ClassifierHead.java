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
 * classifier columns with the export's labels, scored as the pipeline does: softmax for images and audio, the text
 * pipeline's {@code function_to_apply} ({@code auto}: sigmoid for multi-label or single-logit models, else softmax).
 */
final class ClassifierHead implements Head<Object> {
    private final String logits;
    private final Classification classification;
    private final ClassifierColumns.Spec spec;
    private final String function;

    private ClassifierHead(String logits, Classification classification, ClassifierColumns.Spec spec, String function) {
        this.logits = logits;
        this.classification = classification;
        this.spec = spec;
        this.function = function;
    }

    /** The head for a stage whose classifier columns are {@code spec}, scoring logits with {@code function}. */
    static Head.Factory<Object> factory(ClassifierColumns.Spec spec, String function) {
        return (model, session, conf, input) -> {
            String logits = ModelStage.outputOr(session, LOGITS);
            int labels = (int) session.shape(logits)[1];
            String fn = function.equals("auto")
                    ? Classification.defaultFunction(
                            model.config().path("problem_type").asText(null), labels)
                    : function;
            return new ClassifierHead(logits, new Classification(model.labels(labels)), spec, fn);
        };
    }

    /** Checks the graph returns logits [batch, num_labels]; {@code graph} names it in the message ("an image-classification"). */
    static void check(ModelStage<?> stage, ModelDirectory model, OnnxModel session, String graph) {
        stage.checkOutputRank(model, session, LOGITS, 2, graph + " graph returns logits [batch, num_labels]");
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
            out.add(ClassifierColumns.values(spec, batch.row(i), classification, function));
        }
        return out;
    }
}

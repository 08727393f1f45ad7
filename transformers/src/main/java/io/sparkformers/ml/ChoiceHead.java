package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.batch.TextPiecesInput;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Multiple choice: each choice's logit (a [rows, 1] output, one choice per batch row), a row's logits gathered into
 * the classifier columns with its choices as labels, scored by softmax.
 */
record ChoiceHead(ClassifierColumns.Spec spec) implements Head.Factory<TextPiecesInput.Texts> {
    @Override
    public Head<TextPiecesInput.Texts> create(
            ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends TextPiecesInput.Texts> input) {
        String logits = ModelStage.outputOr(session, Head.LOGITS);
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(logits);
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends TextPiecesInput.Texts> items)
                    throws OrtException {
                Outputs.Batch batch = Outputs.floats(result, logits);
                List<Object[]> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    out.add(new Object[] {batch.row(i)[0]});
                }
                return out;
            }

            @Override
            public Object[] merge(TextPiecesInput.Texts row, List<Object[]> choices) {
                float[] scores = new float[choices.size()];
                String[] labels = new String[choices.size()];
                for (int c = 0; c < scores.length; c++) {
                    scores[c] = (Float) choices.get(c)[0];
                    labels[c] = row.texts().get(c).second();
                }
                return ClassifierColumns.values(spec, scores, new Classification(labels), "softmax");
            }
        };
    }
}

package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.batch.TextPiecesInput;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.AnswerSpans;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Extractive answers, as transformers' question-answering pipeline post-processes them: each window scores spans of at
 * most {@code maxAnswer} tokens with the pipeline's {@code p_mask}; a row's answers are the {@code k} best across its
 * windows (with the empty answer, scored by the lowest CLS score, when {@code impossible}), with character offsets into
 * the context in code points.
 */
record AnswerHead(int k, int maxAnswer, boolean impossible, boolean align)
        implements Head.Factory<TextPiecesInput.Texts> {
    static final String START = "start_logits";
    static final String END = "end_logits";

    @Override
    public Head<TextPiecesInput.Texts> create(
            ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends TextPiecesInput.Texts> input) {
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(START, END);
            }

            /** A window's candidate answers and its null (CLS) score. */
            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends TextPiecesInput.Texts> items)
                    throws OrtException {
                Outputs.Batch starts = Outputs.floats(result, START);
                Outputs.Batch ends = Outputs.floats(result, END);
                int seq = (int) starts.shape()[1];
                List<Object[]> out = new ArrayList<>(items.size());
                for (int r = 0; r < items.size(); r++) {
                    TextTokenizer.Encoded w = items.get(r).first();
                    AnswerSpans.Window sel = AnswerSpans.select(
                            starts.data(), ends.data(), r * seq, w.length(), AnswerSpans.pMask(w), k, maxAnswer);
                    List<Object[]> answers = new ArrayList<>();
                    for (AnswerSpans.Span s : sel.spans()) {
                        int[] chars = AnswerSpans.charRange(w, s.start(), s.end(), align);
                        String context = w.second();
                        answers.add(new Object[] {
                            context.substring(chars[0], chars[1]),
                            s.score(),
                            TextTokenizer.codePointOffset(context, chars[0]),
                            TextTokenizer.codePointOffset(context, chars[1])
                        });
                    }
                    out.add(new Object[] {answers, sel.nullScore()});
                }
                return out;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Object[] merge(TextPiecesInput.Texts row, List<Object[]> windows) {
                List<Object[]> answers = new ArrayList<>();
                double minNull = 1_000_000;
                for (Object[] w : windows) {
                    answers.addAll((List<Object[]>) w[0]);
                    minNull = Math.min(minNull, (Double) w[1]);
                }
                if (impossible) {
                    answers.add(new Object[] {"", minNull, 0, 0});
                }
                answers.sort((a, b) -> Double.compare((Double) b[1], (Double) a[1]));
                List<Row> rows = new ArrayList<>();
                for (Object[] a : answers.subList(0, Math.min(k, answers.size()))) {
                    rows.add(RowFactory.create(a));
                }
                return new Object[] {ScalaCollections.seq(rows)};
            }
        };
    }
}

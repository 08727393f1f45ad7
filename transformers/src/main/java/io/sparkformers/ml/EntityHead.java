package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.TokenAggregation;
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

/** Token classification: per-token logits → entities aggregated as the pipeline does, offsets in code points. */
record EntityHead(TokenAggregation.Strategy strategy, Set<String> ignore)
        implements Head.Factory<TextTokenizer.Encoded> {
    @Override
    public Head<TextTokenizer.Encoded> create(
            ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends TextTokenizer.Encoded> input) {
        TextTokenizer tokenizer = TextInput.tokenizer(input);
        String logits = ModelStage.outputOr(session, Head.LOGITS);
        int labels = (int) session.shape(logits)[2];
        String[] id2label = model.labels(labels);
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(logits);
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends TextTokenizer.Encoded> items)
                    throws OrtException {
                Outputs.Batch batch = Outputs.floats(result, logits);
                List<Object[]> out = new ArrayList<>(items.size());
                int seq = (int) batch.shape()[1];
                for (int i = 0; i < items.size(); i++) {
                    List<Row> entities = new ArrayList<>();
                    for (TokenAggregation.Entity e : TokenAggregation.aggregate(
                            batch.data(),
                            i * seq * labels,
                            labels,
                            items.get(i),
                            id2label,
                            strategy,
                            ignore,
                            tokenizer)) {
                        String text = items.get(i).first();
                        entities.add(RowFactory.create(
                                e.entity(),
                                e.score(),
                                e.word(),
                                e.start() < 0 ? null : TextTokenizer.codePointOffset(text, e.start()),
                                e.end() < 0 ? null : TextTokenizer.codePointOffset(text, e.end()),
                                e.index() < 0 ? null : e.index()));
                    }
                    out.add(new Object[] {ScalaCollections.seq(entities)});
                }
                return out;
            }
        };
    }
}

package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Masked-token prediction: the k best fillers of every mask token, with the filled-in sequence. */
record MaskHead(int k) implements Head.Factory<TextTokenizer.Encoded> {
    @Override
    public Head<TextTokenizer.Encoded> create(
            ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends TextTokenizer.Encoded> input) {
        TextTokenizer tokenizer = TextInput.tokenizer(input);
        String logits = ModelStage.outputOr(session, Head.LOGITS);
        long mask = tokenizer.maskId();
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(logits);
            }

            @Override
            public void check(TextTokenizer.Encoded e) throws InvalidInputException {
                if (Arrays.stream(e.ids()).noneMatch(id -> id == mask)) {
                    throw new InvalidInputException("no " + tokenizer.maskToken() + " token in the text"
                            + (e.truncated() ? " (after truncation to " + tokenizer.maxLength() + " tokens)" : ""));
                }
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends TextTokenizer.Encoded> items)
                    throws OrtException {
                Outputs.Batch batch = Outputs.floats(result, logits);
                int seq = (int) batch.shape()[1];
                int vocab = (int) batch.shape()[2];
                List<Object[]> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    long[] ids = items.get(i).ids();
                    List<Integer> positions = new ArrayList<>();
                    for (int t = 0; t < ids.length; t++) {
                        if (ids[t] == mask) {
                            positions.add(t);
                        }
                    }
                    boolean single = positions.size() == 1;
                    List<Row> masks = new ArrayList<>();
                    for (int pos : positions) {
                        double[] p = Classification.softmax(batch.data(), (i * seq + pos) * vocab, vocab);
                        List<Row> predictions = new ArrayList<>();
                        for (int token : Classification.topK(p, k)) {
                            long[] filled = ids.clone();
                            filled[pos] = token;
                            long[] kept = Arrays.stream(filled)
                                    .filter(id -> id != tokenizer.padId())
                                    .toArray();
                            predictions.add(RowFactory.create(
                                    (long) token,
                                    tokenizer.decode(new long[] {token}, false),
                                    p[token],
                                    tokenizer.decode(kept, single)));
                        }
                        masks.add(RowFactory.create(pos, ScalaCollections.seq(predictions)));
                    }
                    out.add(new Object[] {ScalaCollections.seq(masks)});
                }
                return out;
            }
        };
    }
}

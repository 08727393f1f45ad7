package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.AudioActivations;
import io.sparkformers.batch.Input;
import io.sparkformers.batch.PreparedAudio;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.Decoding;
import io.sparkformers.runtime.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Frame classification: a label per output frame, and runs of one label merged into segments in seconds. */
record FrameHead(boolean frames, boolean segments) implements Head.Factory<PreparedAudio> {
    @Override
    public Head<PreparedAudio> create(
            ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends PreparedAudio> input) {
        String logits = ModelStage.outputOr(session, Head.LOGITS);
        int labels = (int) session.shape(logits)[2];
        String[] names = model.labels(labels);
        AudioActivations encoder = AudioInput.activations(model);
        int hop = encoder.hop();
        int rate = AudioInput.features(model).samplingRate();
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(logits);
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends PreparedAudio> items)
                    throws OrtException {
                return Decoding.eachRow(result, logits, items, (batch, i, item) -> {
                    int total = (int) batch.shape()[1];
                    int own = Math.min(total, encoder.frames(item.length()));
                    String[] frameLabels = new String[own];
                    List<Row> merged = new ArrayList<>();
                    int runStart = 0;
                    double runScore = 0;
                    int previous = -1;
                    for (int f = 0; f <= own; f++) {
                        int best = -1;
                        double p = 0;
                        if (f < own) {
                            double[] probs = Classification.softmax(batch.data(), (i * total + f) * labels, labels);
                            best = Classification.argmax(probs);
                            p = probs[best];
                            frameLabels[f] = names[best];
                        }
                        if (best != previous && previous >= 0) {
                            merged.add(RowFactory.create(
                                    names[previous],
                                    (double) runStart * hop / rate,
                                    (double) f * hop / rate,
                                    runScore / (f - runStart)));
                        }
                        if (best != previous) {
                            runStart = f;
                            runScore = 0;
                            previous = best;
                        }
                        runScore += p;
                    }
                    List<Object> values = new ArrayList<>(2);
                    if (frames) {
                        values.add(ScalaCollections.seq(Arrays.asList(frameLabels)));
                    }
                    if (segments) {
                        values.add(ScalaCollections.seq(merged));
                    }
                    return values.toArray();
                });
            }
        };
    }
}

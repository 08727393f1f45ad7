package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/** Every output the stage names, each row's values flattened into an array<float> column. */
record OutputsHead(String[] outputs) implements Head.Factory<Object> {
    @Override
    public Head<Object> create(ModelDirectory model, OnnxModel session, Configuration conf, Input<?> input) {
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return new LinkedHashSet<>(Arrays.asList(outputs));
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<?> items) throws OrtException {
                Outputs.Batch[] batches = new Outputs.Batch[outputs.length];
                for (int o = 0; o < outputs.length; o++) {
                    batches[o] = Outputs.floats(result, outputs[o]);
                }
                List<Object[]> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    Object[] row = new Object[outputs.length];
                    for (int o = 0; o < outputs.length; o++) {
                        row[o] = ScalaCollections.wrap(batches[o].row(i));
                    }
                    out.add(row);
                }
                return out;
            }
        };
    }
}

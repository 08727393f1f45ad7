package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.Decoding;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * A stage's task as the engine runs it: an {@link Input} in front of a {@link Head}, built on the executor. Every stage
 * is one; none writes the engine's codec of its own.
 *
 * @param input what prepares, splits and collates rows
 * @param head what reads the graph's outputs and merges a row's pieces
 */
public record Composition<P>(Input.Factory<P> input, Head.Factory<? super P> head) implements Serializable {

    /** The input and the head's decoding (with the input's own columns after the head's) for one partition. */
    public record Built<P>(Input<P> input, Decoding<P, Object[]> decoding) {}

    public Built<P> create(ModelDirectory model, OnnxModel session, Configuration conf) {
        Input<P> in = input.create(model, session, conf);
        return new Built<>(in, new WithInputColumns<>(in, head.create(model, session, conf, in)));
    }

    /** The fixed batch size of the graph, or 0. */
    public int staticBatch(OnnxModel session) {
        return input.staticBatch(session);
    }

    /** The head's values for a row, followed by the columns its input answers ({@link Input#trailing}). */
    private record WithInputColumns<P>(Input<P> input, Head<? super P> head) implements Decoding<P, Object[]> {
        @Override
        public Set<String> outputs() {
            return head.outputs();
        }

        @Override
        public void check(P item) throws InvalidInputException {
            head.check(item);
        }

        @Override
        public List<Object[]> decode(OrtSession.Result result, List<? extends P> items) throws OrtException {
            return head.decode(result, items);
        }

        @Override
        public Object[] whole(P item, Object[] values) {
            return withTrailing(values, item);
        }

        @Override
        public Object[] merge(P item, List<Object[]> pieces) {
            return withTrailing(head.merge(item, pieces), item);
        }

        private Object[] withTrailing(Object[] values, P item) {
            Object[] extra = input.trailing(item);
            if (extra.length == 0) {
                return values;
            }
            Object[] out = Arrays.copyOf(values, values.length + extra.length);
            System.arraycopy(extra, 0, out, values.length, extra.length);
            return out;
        }
    }
}

package io.sparkformers.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.TensorStaging;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * A stage's task as the engine runs it: an {@link Input} in front of a {@link Head}, built on the executor. Every stage
 * is one; none writes a {@link BatchCodec} of its own.
 *
 * @param input what prepares, splits and collates rows
 * @param head what reads the graph's outputs and merges a row's pieces
 */
public record Composition<P>(Input.Factory<P> input, Head.Factory<? super P> head) implements Serializable {

    /** The engine's codec for one partition. */
    public BatchCodec<Row, P, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
        Input<P> in = input.create(model, session, conf);
        return new Codec<>(in, head.create(model, session, conf, in));
    }

    /** The fixed batch size of the graph, or 0. */
    public int staticBatch(OnnxModel session) {
        return input.staticBatch(session);
    }

    private record Codec<P>(Input<P> input, Head<? super P> head) implements BatchCodec<Row, P, Object[]> {
        @Override
        public P prepare(Row row) throws Exception {
            P item = input.prepare(row);
            head.check(item);
            return item;
        }

        @Override
        public List<P> split(P item) {
            return input.split(item);
        }

        @Override
        public Object groupKey(P item) {
            return input.groupKey(item);
        }

        @Override
        public int sortKey(P item) {
            return input.sortKey(item);
        }

        @Override
        public Map<String, OnnxTensor> collate(List<P> items, int rows, TensorStaging staging) throws OrtException {
            return input.collate(items, rows, staging);
        }

        @Override
        public Set<String> outputs() {
            return head.outputs();
        }

        @Override
        public List<Object[]> decode(OrtSession.Result result, List<P> items) throws OrtException {
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

        @Override
        public long activationBytes(P item) {
            return input.activationBytes(item);
        }

        @Override
        public String describeSize(P item) {
            return input.describeSize(item);
        }

        @Override
        public String remedy(P item) {
            return input.remedy(item);
        }

        @Override
        public long inputBytes(Row row) {
            return input.inputBytes(row);
        }
    }
}

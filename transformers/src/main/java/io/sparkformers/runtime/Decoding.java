package io.sparkformers.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The back half of what the engine runs: the graph outputs to fetch, per-row decoding of a batch's outputs, and the
 * merge of a split row's pieces.
 *
 * @param <P> one row after preprocessing, and one piece of a row
 * @param <O> one row's result
 */
public interface Decoding<P, O> {
    /** Refuses, on the preprocessing pool, a prepared row this decoding cannot answer (an invalid row); none by default. */
    default void check(P item) throws InvalidInputException {}

    /** The graph outputs to fetch. */
    Set<String> outputs();

    /** One result per item, in order, from the outputs of a batch whose first rows are {@code items}. */
    List<O> decode(OrtSession.Result result, List<? extends P> items) throws OrtException;

    /** The result of a row that ran whole, from what {@link #decode} gave it (the default: that, unchanged). */
    default O whole(P item, O decoded) {
        return decoded;
    }

    /** The result of a row that the preparation's split divided, from its pieces' results in order. */
    default O merge(P item, List<O> pieces) {
        throw new IllegalStateException(getClass().getSimpleName() + " splits rows but does not merge them");
    }

    /** Maps row {@code row} of one output (read once per batch) to a row's result. */
    @FunctionalInterface
    interface RowMapper<P, O> {
        O map(Outputs.Batch batch, int row, P item);
    }

    /** {@link #decode} for heads that read a single output: the output is read once, then mapped row by row. */
    static <P, O> List<O> eachRow(
            OrtSession.Result result, String output, List<? extends P> items, RowMapper<P, O> mapper)
            throws OrtException {
        Outputs.Batch batch = Outputs.floats(result, output);
        List<O> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(mapper.map(batch, i, items.get(i)));
        }
        return out;
    }
}

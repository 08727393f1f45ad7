package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a task stage plugs into {@link BatchEngine}: per-row preparation (decode, resize, tokenize), batch collation
 * into input tensors, and per-row decoding of the outputs. The engine knows nothing about tasks.
 *
 * @param <I> one row's input as read from the DataFrame
 * @param <P> one row after preprocessing
 * @param <O> one row's result
 */
public interface BatchCodec<I, P, O> {
  /** Runs on the preprocessing pool, concurrently with inference of the previous batch. */
  P prepare(I input) throws Exception;

  /**
   * Items whose keys differ never share a batch (images that keep their aspect ratio, arrays of other lengths):
   * they are batched by equal shape rather than padded or resized. Null (the default) puts every item together.
   */
  default Object groupKey(P item) {
    return null;
  }

  /**
   * Orders items inside a bucketing window (token count for text), so that batches hold rows of similar size and
   * pad little. Only used when the engine gathers windows larger than a batch.
   */
  default int sortKey(P item) {
    return 0;
  }

  /** Builds the graph inputs for {@code items}, padded with filler rows up to {@code rows}. */
  Map<String, OnnxTensor> collate(List<P> items, int rows, TensorStaging staging) throws OrtException;

  /** The graph outputs to fetch. */
  Set<String> outputs();

  /** One result per item, in order, from the outputs of a batch whose first rows are {@code items}. */
  List<O> decode(OrtSession.Result result, List<P> items) throws OrtException;

  /** Maps row {@code row} of one output (read once per batch) to a row's result. */
  @FunctionalInterface
  interface RowMapper<P, O> {
    O map(Outputs.Batch batch, int row, P item);
  }

  /** {@link #decode} for heads that read a single output: the output is read once, then mapped row by row. */
  static <P, O> List<O> eachRow(OrtSession.Result result, String output, List<P> items, RowMapper<P, O> mapper)
      throws OrtException {
    Outputs.Batch batch = Outputs.floats(result, output);
    List<O> out = new java.util.ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(mapper.map(batch, i, items.get(i)));
    }
    return out;
  }
}

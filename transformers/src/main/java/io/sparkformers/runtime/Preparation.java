package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.util.List;
import java.util.Map;

/**
 * The front half of what the engine runs: per-row preparation (decode, resize, tokenize), the division of a row into the
 * pieces the graph runs, and batch collation into input tensors. The engine knows nothing about tasks.
 *
 * @param <I> one row's input as read from the DataFrame
 * @param <P> one row after preprocessing, and one piece of a row
 */
public interface Preparation<I, P> {
    /** Runs on the preprocessing pool, concurrently with inference of the previous batch. */
    P prepare(I input) throws Exception;

    /**
     * The pieces the graph sees of a row too long to run whole (a long clip in chunks), or null (the default) to run it
     * as one piece. Pieces are batched like rows, at most a batch of them per ONNX Runtime call, and their results come
     * back, in order, to the decoding's merge.
     */
    default List<P> split(P item) {
        return null;
    }

    /**
     * Items whose keys differ never share a batch (images that keep their aspect ratio, arrays of other lengths):
     * they are batched by equal shape rather than padded or resized. Null (the default) puts every item together.
     */
    default Object groupKey(P item) {
        return null;
    }

    /**
     * An item's length along the axis {@link #collate} pads (token count for text, samples for audio; 0 where it
     * pads nothing): orders items inside a bucketing window, so that batches hold rows of similar size and pad little
     * (only when the engine gathers windows larger than a batch), and measures the padded share the engine reports.
     */
    default int sortKey(P item) {
        return 0;
    }

    /** Builds the graph inputs for {@code items}, padded with filler rows up to {@code rows}. */
    Map<String, OnnxTensor> collate(List<P> items, int rows, TensorStaging staging) throws OrtException;

    /**
     * Estimated activation memory, in bytes, that one batch row padded to this item's size takes inside the graph; 0
     * (the default) when the preprocessor already bounds the input (images resized, texts truncated to the model).
     * The engine fills an ONNX Runtime call only with as many rows as fit its memory budget, and refuses a row that
     * alone exceeds it.
     */
    default long activationBytes(P item) {
        return 0;
    }

    /** Names what {@link #activationBytes} grows with, for the message of a refused row ("a clip of 600.0 s"). */
    default String describeSize(P item) {
        return "the row";
    }

    /** What the user can do about a row too large for the memory budget. */
    default String remedy(P item) {
        return "raise maxInferenceMemory";
    }

    /**
     * Estimated heap bytes of an input once prepared, known before preparing it (from its file size): the engine reads
     * ahead only as many rows as fit its memory budget. 0 (the default) for small inputs.
     */
    default long inputBytes(I input) {
        return 0;
    }
}

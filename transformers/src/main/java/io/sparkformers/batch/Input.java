package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.TensorStaging;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * The input role of a stage, as transformers' {@code ChunkPipeline.preprocess}: a row read and prepared on the
 * preprocessing pool (decoded, resized, tokenized), divided into the pieces the graph runs where one row makes several
 * model rows (question-answering windows, chunks of a long clip, the choices of a prompt), and pieces collated into the
 * graph's input tensors. A stage pairs one input with one head (the output role, which merges a row's pieces back);
 * the pair is what the engine runs.
 *
 * @param <P> one prepared row, and one piece of a row
 */
public interface Input<P> {
    /** Runs on the preprocessing pool, concurrently with inference of the previous batch. */
    P prepare(Row row) throws Exception;

    /**
     * The pieces the graph sees of a row, batched like rows (at most a batch of them per ONNX Runtime call) and merged
     * back by the head; null (the default) runs the row as one piece and the head answers it from its own outputs.
     */
    default List<P> split(P item) {
        return null;
    }

    /** Items whose keys differ never share a batch (see {@code BatchCodec#groupKey}); null puts every item together. */
    default Object groupKey(P item) {
        return null;
    }

    /** An item's length along the axis {@link #collate} pads (see {@code BatchCodec#sortKey}); 0 where it pads nothing. */
    default int sortKey(P item) {
        return 0;
    }

    /** Builds the graph inputs for {@code items}, padded with filler rows up to {@code rows}. */
    Map<String, OnnxTensor> collate(List<P> items, int rows, TensorStaging staging) throws OrtException;

    /** Estimated activation bytes of one batch row of this item's size; 0 where preparation bounds the input. */
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

    /** Estimated heap bytes of a row once prepared, known before preparing it; 0 for small inputs. */
    default long inputBytes(Row row) {
        return 0;
    }

    /**
     * Columns the input itself answers for a row, after the head's (a text input's truncation flag); none by default.
     */
    default Object[] trailing(P item) {
        return NO_COLUMNS;
    }

    Object[] NO_COLUMNS = new Object[0];

    /** Builds the input on the executor, from the export and its graph; what the driver resolved travels in it. */
    interface Factory<P> extends Serializable {
        Input<P> create(ModelDirectory model, OnnxModel session, Configuration conf);

        /** The fixed batch size of the graph, or 0. */
        default int staticBatch(OnnxModel session) {
            return 0;
        }
    }
}

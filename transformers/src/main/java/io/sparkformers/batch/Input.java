package io.sparkformers.batch;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Preparation;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * The input role of a stage, as transformers' {@code ChunkPipeline.preprocess}: a row read and prepared on the
 * preprocessing pool (decoded, resized, tokenized), divided into the pieces the graph runs where one row makes several
 * model rows ({@link #split}: question-answering windows, chunks of a long clip, the choices of a prompt), and pieces
 * collated into the graph's input tensors. A stage pairs one input with one head (the output role, which merges a row's
 * pieces back); the pair is what the engine runs.
 *
 * @param <P> one prepared row, and one piece of a row
 */
public interface Input<P> extends Preparation<Row, P> {
    Object[] NO_COLUMNS = new Object[0];

    /**
     * Columns the input itself answers for a row, after the head's (a text input's truncation flag); none by default.
     */
    default Object[] trailing(P item) {
        return NO_COLUMNS;
    }

    /** Builds the input on the executor, from the export and its graph; what the driver resolved travels in it. */
    interface Factory<P> extends Serializable {
        Input<P> create(ModelDirectory model, OnnxModel session, Configuration conf);

        /** The fixed batch size of the graph, or 0. */
        default int staticBatch(OnnxModel session) {
            return 0;
        }
    }
}

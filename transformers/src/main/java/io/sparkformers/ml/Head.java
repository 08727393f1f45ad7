package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The output role of a stage, as transformers' {@code ChunkPipeline.postprocess}: the graph outputs it reads, the
 * values of its columns for each piece of a batch, and the merge of a row's pieces into the row's columns when the
 * {@link Input} split it. {@code P} is what it needs to know of each prepared item ({@code Object}: nothing, so it runs
 * after any input). A stage pairs one head with one input ({@link Composition}), so that a head written once runs over
 * every modality whose graphs produce its outputs.
 */
public interface Head<P> {
    /** The output most heads read: a classifier's, a token classifier's, a masked LM's or a CTC model's scores. */
    String LOGITS = "logits";

    /** The graph outputs this head reads. */
    Set<String> outputs();

    /** Refuses, on the preprocessing pool, a prepared row this head cannot answer (an invalid row); none by default. */
    default void check(P item) throws InvalidInputException {}

    /**
     * One value array per item of the batch, in order: the row's columns for a whole row, what {@link #merge} reads for
     * a piece.
     */
    List<Object[]> decode(OrtSession.Result result, List<? extends P> items) throws OrtException;

    /** The columns of a row its input split, from its pieces' values in order. */
    default Object[] merge(P item, List<Object[]> pieces) {
        throw new IllegalStateException(getClass().getSimpleName() + " answers whole rows only; its input split one");
    }

    /**
     * Builds the head on the executor, from the export, its graph and the input it follows (a text head reads the
     * input's tokenizer); what the driver resolved travels in it.
     */
    interface Factory<P> extends Serializable {
        Head<P> create(ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends P> input);
    }
}

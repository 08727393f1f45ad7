package io.sparkformers.ml;

import io.sparkformers.batch.Input;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.Decoding;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The output role of a stage, as transformers' {@code ChunkPipeline.postprocess}: the graph outputs it reads, the
 * values of its columns for each piece of a batch ({@link #decode}: the row's columns for a whole row, what {@link
 * #merge} reads for a piece), the merge of a row's pieces when the {@link Input} split it, and the refusal of a prepared
 * row it cannot answer ({@link #check}). {@code P} is what it needs to know of each prepared item ({@code Object}:
 * nothing, so it runs after any input). A stage pairs one head with one input ({@link Composition}), so that a head
 * written once runs over every modality whose graphs produce its outputs.
 */
public interface Head<P> extends Decoding<P, Object[]> {
    /** The output most heads read: a classifier's, a token classifier's, a masked LM's or a CTC model's scores. */
    String LOGITS = "logits";

    /**
     * Builds the head on the executor, from the export, its graph and the input it follows (a text head reads the
     * input's tokenizer); what the driver resolved travels in it.
     */
    interface Factory<P> extends Serializable {
        Head<P> create(ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends P> input);
    }
}

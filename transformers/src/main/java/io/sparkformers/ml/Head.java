package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A task's post-processing, apart from any modality: the graph outputs it reads and the values of its columns for
 * each row of a batch. {@code P} is what it needs to know of each prepared item ({@code Object}: nothing, so it runs
 * after any input; {@code PreparedImage}: the original size, to answer at it). A stage pairs a head with its modality's input codec ({@link ImageInput#task}, {@link
 * AudioInput#task}), so that a task written once runs over every modality whose graphs produce its outputs.
 */
public interface Head<P> {
    /** The graph outputs this head reads. */
    Set<String> outputs();

    /** One row of column values for each prepared item of the batch, in order. */
    List<Object[]> decode(OrtSession.Result result, List<? extends P> items) throws OrtException;

    /** Builds the head on the executor, from the export and its graph; what the driver resolved travels in it. */
    interface Factory<P> extends Serializable {
        Head<P> create(ModelDirectory model, OnnxModel session);
    }
}

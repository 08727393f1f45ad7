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
 * each row of a batch. A stage pairs a head with its modality's input codec ({@link ImageInput#task}, {@link
 * AudioInput#task}), so that a task written once runs over every modality whose graphs produce its outputs.
 */
public interface Head {
    /** The graph outputs this head reads. */
    Set<String> outputs();

    /** One row of column values for each item of the batch, in order. */
    List<Object[]> decode(OrtSession.Result result, int rows) throws OrtException;

    /** Builds the head on the executor, from the export and its graph; what the driver resolved travels in it. */
    interface Factory extends Serializable {
        Head create(ModelDirectory model, OnnxModel session);
    }
}

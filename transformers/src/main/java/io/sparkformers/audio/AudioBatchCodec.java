package io.sparkformers.audio;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.runtime.TensorStaging;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The shared front half of every whole-clip audio task: decode, resample and normalise a clip on the preprocessing
 * pool, then right-pad the batch with 0.0 and an {@code attention_mask} of 0 (see {@link ClipCodec}).
 */
public abstract class AudioBatchCodec<O> extends ClipCodec<PreparedAudio, O> {
    private final Set<String> outputs;

    /** {@code outputs}: the graph outputs the task decodes. */
    protected AudioBatchCodec(
            AudioSource source,
            Wav2Vec2Features features,
            AudioActivations activations,
            boolean takesMask,
            Set<String> outputs) {
        super(source, features, activations, takesMask);
        this.outputs = outputs;
    }

    @Override
    public Set<String> outputs() {
        return outputs;
    }

    @Override
    public PreparedAudio prepare(Row row) throws Exception {
        Audio audio = source.read(row);
        return new PreparedAudio(features.inputValues(audio), audio.seconds());
    }

    @Override
    public String remedy(PreparedAudio item) {
        return "this head reads a clip whole (its answer depends on every frame), so raise maxInferenceMemory or cut the "
                + "clip";
    }

    @Override
    public Map<String, OnnxTensor> collate(List<PreparedAudio> items, int rows, TensorStaging staging)
            throws OrtException {
        List<float[]> values = new ArrayList<>(items.size());
        items.forEach(a -> values.add(a.inputValues()));
        return collateValues(values, rows, staging);
    }
}

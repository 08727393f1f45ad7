package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.codec.Audio;
import io.sparkformers.preprocess.AudioFeatures;
import io.sparkformers.preprocess.SincResampler;
import io.sparkformers.runtime.TensorStaging;
import io.sparkformers.source.AudioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The shared front half of every whole-clip audio task: decode, resample and extract features of a clip on the
 * preprocessing pool; the front end lays out the batch (see {@link ClipInput}).
 */
public final class AudioClipInput extends ClipInput<PreparedAudio> {
    public AudioClipInput(AudioSource source, AudioFeatures features, AudioActivations activations, boolean takesMask) {
        super(source, features, activations, takesMask);
    }

    @Override
    public PreparedAudio prepare(Row row) throws Exception {
        Audio audio = source.read(row);
        float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), features.samplingRate());
        // A front end over a fixed window reads that much of the clip, as transformers truncates it.
        int samples = features.maxSamples() > 0 ? Math.min(x.length, features.maxSamples()) : x.length;
        return new PreparedAudio(features.features(x, 0, samples), audio.seconds(), samples);
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
        return features.collate(values, rows, staging, takesMask);
    }
}

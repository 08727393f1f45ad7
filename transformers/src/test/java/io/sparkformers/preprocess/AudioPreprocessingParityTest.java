package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.Audio;
import io.sparkformers.codec.AudioDecoder;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** WAV decoding + torchaudio resampling against the fixtures' 16 kHz waveforms, and the feature extractor. */
class AudioPreprocessingParityTest {
    @TestFactory
    List<DynamicTest> resampledWaveforms() {
        Path root = Fixtures.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode a :
                Fixtures.json(root.resolve("manifest.json")).path("inputs").path("audio")) {
            tests.add(DynamicTest.dynamicTest(a.path("id").asText(), () -> {
                Audio audio = AudioDecoder.decode(
                        Files.readAllBytes(root.resolve(a.path("file").asText())), 3600);
                Npy want = Npy.read(root.resolve(a.path("waveform_16k_npy").asText()));
                float[] got = SincResampler.resample(audio.samples(), audio.sampleRate(), 16000);
                assertEquals(want.floats().length, got.length, "resampled length");
                double max = 0;
                for (int i = 0; i < got.length; i++) {
                    max = Math.max(max, Math.abs(got[i] - want.floats()[i]));
                }
                assertTrue(max <= 1e-6, "max |diff| to torchaudio " + max);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> inputValues() {
        Path root = Fixtures.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : List.of("ctc", "audio-classification", "audio-frame-classification", "xvector")) {
            for (Path model : Fixtures.models(kind)) {
                Wav2Vec2Features fx = new Wav2Vec2Features(
                        Fixtures.json(model.resolve("preprocessor_config.json")), model.toString());
                for (Path c : Fixtures.cases(model)) {
                    tests.add(DynamicTest.dynamicTest(model.getFileName() + "/" + c.getFileName(), () -> {
                        JsonNode files = Fixtures.json(c.resolve("inputs.json")).path("audio");
                        Npy want = Npy.read(c.resolve("input_values.npy"));
                        int width = (int) want.shape()[1];
                        for (int i = 0; i < files.size(); i++) {
                            float[] got = fx.features(AudioDecoder.decode(
                                    Files.readAllBytes(root.resolve(files.get(i).asText())), 3600));
                            double max = 0;
                            for (int k = 0; k < width; k++) {
                                float g = k < got.length ? got[k] : 0f;
                                max = Math.max(max, Math.abs(g - want.floats()[i * width + k]));
                            }
                            assertTrue(max <= 1e-5, c.getFileName() + "[" + i + "] max |diff| of input_values " + max);
                        }
                    }));
                }
            }
        }
        return tests;
    }
}

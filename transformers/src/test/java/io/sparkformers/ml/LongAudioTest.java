package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.codec.AudioDecoder;
import io.sparkformers.preprocess.SincResampler;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Chunked CTC: one chunk reproduces the whole-clip transcript; a long clip goes through in small chunks. */
class LongAudioTest {
    @Test
    void chunking() throws Exception {
        Path model = Fixtures.models("ctc").get(0);
        Path fox = Fixtures.inputs("audio").get(0).file();
        StructType paths = new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);
        var df = Spark.session().createDataFrame(List.<Row>of(RowFactory.create(0, fox.toString())), paths);
        String whole = new SpeechRecognizer()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setDevice("cpu")
                .transform(df)
                .first()
                .getAs("transcription");
        String oneChunk = new SpeechRecognizer()
                .setModelPath(model.toString())
                .setInputCol("path")
                .setChunkLengthS(30)
                .setDevice("cpu")
                .transform(df)
                .first()
                .getAs("transcription");
        assertEquals(whole, oneChunk, "a chunk longer than the clip is the whole clip");

        // 60 s of speech (the fox clip, repeated) in 2 s chunks with 0.25 s strides: bounded model inputs, text out.
        var audio = AudioDecoder.decode(Files.readAllBytes(fox), 3600);
        float[] x = SincResampler.resample(audio.samples(), audio.sampleRate(), 16000);
        List<Float> samples = new ArrayList<>();
        while (samples.size() < 60 * 16000) {
            for (float v : x) {
                samples.add(v);
            }
        }
        StructType raw = new StructType()
                .add("samples", DataTypes.createArrayType(DataTypes.FloatType))
                .add("sampleRate", DataTypes.IntegerType);
        Row r = new SpeechRecognizer()
                .setModelPath(model.toString())
                .setInputCol("samples")
                .setChunkLengthS(2)
                .setStrideLengthS(0.25)
                .setErrorCol("error")
                .setDevice("cpu")
                .transform(Spark.session().createDataFrame(List.of(RowFactory.create(samples, 16000)), raw))
                .first();
        assertNull(r.getAs("error"));
        String text = r.getAs("transcription");
        assertFalse(text.isEmpty());
        assertTrue(text.length() > 10 * whole.length(), "a minute of speech gives many times the 3 s transcript");
    }
}

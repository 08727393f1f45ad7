package io.sparkformers.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Npy;
import io.sparkformers.testing.Wav;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long audio cannot take an executor down: the command transcribes a 10-minute silent clip and an hour of speech in
 * a JVM capped at a 1.5 GiB heap, and its peak resident memory (heap, ONNX Runtime's arena, Spark) stays bounded and
 * does not grow with the clip: an hour, 6 times as long, peaks at less than twice the 10-minute run. Whole-clip
 * attention needed about 19 GB for the 10 minutes alone. Not timed: memory only.
 */
class LongAudioMemoryTest {
    static final long GIB = 1L << 30;

    @Test
    void anHourIsTranscribedInBoundedMemory(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.models("ctc").get(0);
        // The hour is written from the fixture's speech as resampled to 16 kHz (waveform_16k_npy), the audio models'
        // rate:
        // the file is then as small as it can be (115 MB), so what the test sees is the model's memory, not the
        // input's.
        Fixtures.Input speech = Fixtures.inputs("audio").get(0);
        Path npy =
                Fixtures.root().resolve(speech.meta().path("waveform_16k_npy").asText());
        float[] clip = Npy.read(npy).floats();
        int rate = 16000;

        Path tenMinutes =
                Wav.write(Files.createDirectories(tmp.resolve("ten")).resolve("silence.wav"), null, 8000, 600);
        Path hour = Wav.write(Files.createDirectories(tmp.resolve("hour")).resolve("speech.wav"), clip, rate, 3600);

        long peakTen = transcribe(tenMinutes.getParent(), model, tmp.resolve("out-ten"));
        long peakHour = transcribe(hour.getParent(), model, tmp.resolve("out-hour"));
        System.out.printf("peak RSS: 10 min %.2f GiB, 1 h %.2f GiB%n", peakTen / (double) GIB, peakHour / (double) GIB);
        assertTrue(peakTen < 3 * GIB, "10 minutes peaked at " + peakTen);
        assertTrue(peakHour < 3 * GIB, "an hour peaked at " + peakHour);
        assertTrue(
                peakHour < 2 * peakTen,
                "6 times the audio must not take 2 times the memory: " + peakTen + " -> " + peakHour);

        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        Row ten = spark.read().parquet(tmp.resolve("out-ten").toString()).first();
        Row one = spark.read().parquet(tmp.resolve("out-hour").toString()).first();
        assertNull(ten.getAs("error"));
        assertNull(one.getAs("error"));
        String text = one.getAs("transcription");
        assertTrue(text.length() > 100, "an hour of speech is transcribed: " + text.length() + " characters");
    }

    /** Runs the command in its own JVM (heap capped at 1.5 GiB) and returns its peak resident set size in bytes. */
    static long transcribe(Path input, Path model, Path output) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1536m"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.sparkformers.jobs.Main",
                "automatic-speech-recognition",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--device",
                "cpu",
                "--master",
                "local[2]"));
        Path log = output.resolveSibling(output.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long peak = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(p.pid()));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done: 1 rows") && out.contains("0 with errors"), out);
        assertTrue(peak > 0, "no /proc/<pid>/status to read");
        return peak;
    }

    /** VmHWM, the process' peak resident set size so far, from /proc (0 once it has exited). */
    static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // exited between two reads
        }
        return 0;
    }
}

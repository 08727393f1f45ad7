package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.References;
import io.sparkformers.testing.Tools;
import io.sparkformers.testing.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * FLAC files made by the reference encoder ({@code flac}, Debian's package; {@code .ci/run} installs it) from
 * synthesized PCM decode to exactly what the same PCM decodes to as WAV — over the encoder's settings that exercise
 * every subframe kind, stereo decorrelation, wasted bits, block sizes and sample rates stated in frame headers, and
 * 8 to 32 bits per sample. Corrupt and cut files are refused with a reason.
 */
class FlacDecoderTest {
    /** One synthesized clip and how to encode it. */
    record Case(String name, int channels, int rate, int bits, String signal, String... flacArgs) {}

    static final List<Case> CASES = List.of(
            new Case("mono-16k-16bit-default", 1, 16000, 16, "speech", "-5"),
            new Case("stereo-44k1-16bit-mid-side", 2, 44100, 16, "correlated", "-8"),
            new Case("stereo-48k-24bit-exhaustive", 2, 48000, 24, "correlated", "-8", "-e", "-p"),
            new Case("stereo-22k05-independent", 2, 22050, 16, "independent", "--no-mid-side", "-5"),
            new Case("stereo-side-right", 2, 32000, 16, "left-heavy", "-8", "-e"),
            new Case("stereo-left-side", 2, 32000, 16, "left-clean", "-8", "-e"),
            new Case("fixed-predictors-only", 1, 16000, 16, "smooth", "--lax", "-l", "0", "-e"),
            new Case("rate-in-khz-blocks-192", 1, 12000, 16, "speech", "-b", "192"),
            new Case("rate-in-tens-of-hz-blocks-576", 1, 11020, 16, "speech", "-b", "576"),
            new Case("blocks-256", 1, 16000, 16, "speech", "-b", "256"),
            new Case("blocks-2304", 1, 16000, 16, "speech", "-b", "2304"),
            new Case("blocks-32768", 1, 48000, 16, "speech", "--lax", "-b", "32768"),
            new Case("mono-8k-8bit-fixed", 1, 8000, 8, "speech", "-0"),
            new Case("three-channels", 3, 16000, 16, "independent", "--channel-map=none", "-5"),
            new Case("mono-11025-odd-blocks", 1, 11025, 16, "speech", "--lax", "-b", "1000"),
            new Case("mono-small-blocks", 1, 16000, 16, "speech", "--lax", "-b", "200"),
            new Case("mono-96k-24bit-lpc32", 1, 96000, 24, "speech", "--lax", "-l", "32", "-8"),
            new Case("wasted-bits", 1, 16000, 16, "coarse", "-5"),
            new Case("constant-and-silence", 2, 16000, 16, "silence-dc", "-5"),
            new Case("white-noise-verbatim", 1, 16000, 16, "noise", "-8"),
            new Case("stereo-32bit", 2, 48000, 32, "correlated", "-5"));

    static String flac() {
        return Tools.executable("flac", "/usr/bin/flac", "/usr/local/bin/flac");
    }

    @TestFactory
    List<DynamicTest> encodedByTheReferenceEncoderDecodesLikeTheWav() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                byte[] wav = wav(c, 2 * c.rate() + 123);
                byte[] encoded = encode(c.name(), wav, c.flacArgs());
                Audio want = AudioDecoder.decode(wav, 3600);
                Audio got = AudioDecoder.decode(encoded, 3600);
                assertEquals(want.sampleRate(), got.sampleRate());
                assertArrayEquals(want.samples(), got.samples(), 0f, c.name());
            }));
        }
        tests.add(DynamicTest.dynamicTest("corrupt, cut and too long files are refused", () -> {
            Case c = CASES.get(1);
            byte[] encoded = encode("broken", wav(c, 3 * c.rate()), c.flacArgs());
            byte[] flipped = encoded.clone();
            flipped[flipped.length / 2] ^= 0x10;
            refused(flipped, "corrupt FLAC frame");
            refused(Arrays.copyOf(encoded, encoded.length * 2 / 3), "FLAC");
            refused(Arrays.copyOf(encoded, 30), "truncated FLAC metadata");
            // Random damage anywhere (metadata, headers, residuals) is refused with a reason or, where it hits bytes
            // that
            // carry no samples, decodes to the same clip; it never throws anything else.
            Audio clean = AudioDecoder.decode(encoded, 3600);
            Random random = new Random(7);
            for (int trial = 0; trial < 300; trial++) {
                byte[] damaged = encoded.clone();
                for (int k = 0; k <= trial % 3; k++) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
                }
                if (trial % 5 == 0) {
                    damaged = Arrays.copyOf(damaged, 4 + random.nextInt(damaged.length - 4));
                }
                try {
                    assertArrayEquals(
                            clean.samples(), AudioDecoder.decode(damaged, 3600).samples(), 0f, "trial " + trial);
                } catch (InvalidInputException expected) {
                    assertTrue(expected.getMessage() != null
                            && !expected.getMessage().isBlank());
                }
            }
            InvalidInputException tooLong =
                    assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(encoded, 1.0));
            assertTrue(tooLong.getMessage().contains("exceeds maxSeconds"), tooLong.getMessage());
        }));
        return tests;
    }

    private static void refused(byte[] file, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(file, 3600));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say '" + reason + "'");
    }

    /** The reference encoder's file for {@code wav} under {@code args}, made once per content (see References). */
    static byte[] encode(String name, byte[] wav, String... args) throws Exception {
        List<Object> key = new ArrayList<>(List.of(wav));
        key.addAll(List.of(args));
        Path dir = References.once("flac-" + name, key, tmp -> {
            Path in = tmp.resolve("in.wav");
            Files.write(in, wav);
            List<String> cmd = new ArrayList<>(List.of(
                    flac(), "--silent", "--force", "-o", tmp.resolve("out.flac").toString()));
            cmd.addAll(List.of(args));
            cmd.add(in.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "flac " + cmd + ": " + log);
        });
        return Files.readAllBytes(dir.resolve("out.flac"));
    }

    /** A deterministic clip of {@code frames} samples per channel as a PCM WAV file. */
    static byte[] wav(Case c, int frames) {
        Random random = new Random(c.name().hashCode());
        long max = (1L << (c.bits() - 1)) - 1;
        long min = -(1L << (c.bits() - 1));
        int width = c.bits() / 8;
        byte[] data = new byte[frames * c.channels() * width];
        int p = 0;
        double[] phase = new double[c.channels()];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) c.rate();
            double voice = 0.45 * Math.sin(2 * Math.PI * 220 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t))
                    + 0.2 * Math.sin(2 * Math.PI * 1375 * t + Math.sin(2 * Math.PI * 5 * t))
                    + 0.02 * random.nextGaussian();
            for (int ch = 0; ch < c.channels(); ch++) {
                phase[ch] += 2 * Math.PI * (300 + 170 * ch) / c.rate();
                double x = switch (c.signal()) {
                    case "speech" -> voice;
                    case "correlated" -> voice * (1 - 0.1 * ch) + 0.01 * random.nextGaussian();
                    case "left-heavy" -> ch == 0 ? voice : 0.05 * voice;
                    case "left-clean" -> ch == 0 ? voice : voice + 0.05 * random.nextGaussian();
                    case "smooth" ->
                        0.5 * Math.sin(2 * Math.PI * 50 * t)
                                + 0.3 * Math.sin(2 * Math.PI * 3 * t)
                                + (i % 4000 < 2000 ? 0 : 0.001 * random.nextGaussian());
                    case "independent" -> 0.5 * Math.sin(phase[ch]) + 0.03 * random.nextGaussian();
                    case "coarse" -> voice;
                    case "silence-dc" -> ch == 0 ? 0 : 0.25;
                    case "noise" -> random.nextDouble() * 2 - 1;
                    default -> throw new IllegalArgumentException(c.signal());
                };
                long v = Math.max(min, Math.min(max, Math.round(x * max)));
                if (c.signal().equals("coarse")) {
                    v = (v >> 6) << 6; // six zero low bits in every sample: FLAC codes them as wasted bits
                }
                if (c.bits() == 8) {
                    data[p++] = (byte) (v + 128); // 8-bit WAV is unsigned
                } else {
                    for (int b = 0; b < width; b++) {
                        data[p++] = (byte) (v >> (8 * b));
                    }
                }
            }
        }
        return Wav.raw(1, c.channels(), c.rate(), c.bits(), data.length, data);
    }
}

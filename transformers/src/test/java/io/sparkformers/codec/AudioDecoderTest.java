package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.preprocess.Wav2Vec2Features;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Wav;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** Encodings decode to soundfile's float values; broken files are refused with a reason, never over-allocated. */
class AudioDecoderTest {
    /** A WAV written by the JDK for the given format from raw frame bytes. */
    static byte[] wav(AudioFormat format, byte[] frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(frames), format, frames.length / format.getFrameSize()),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }

    @Test
    void pcmEncodingsAndDownmix() throws Exception {
        short[] pcm = {0, 16384, -16384, 32767, -32768};
        ByteBuffer b16 = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            b16.putShort(s);
        }
        Audio a = AudioDecoder.decode(wav(new AudioFormat(16000, 16, 1, true, false), b16.array()), 60);
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f, 32767 / 32768f, -1f}, a.samples());
        assertEquals(16000, a.sampleRate());

        byte[] u8 = {(byte) 128, (byte) 192, 64};
        assertArrayEquals(
                new float[] {0f, 0.5f, -0.5f},
                AudioDecoder.decode(wav(new AudioFormat(8000, 8, 1, false, false), u8), 60)
                        .samples());

        ByteBuffer b24 = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b24.put(new byte[] {0, 0, 0x40}).put(new byte[] {0, 0, (byte) 0xC0});
        assertArrayEquals(
                new float[] {0.5f, -0.5f},
                AudioDecoder.decode(wav(new AudioFormat(16000, 24, 1, true, false), b24.array()), 60)
                        .samples());

        ByteBuffer stereo = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        stereo.putShort((short) 16384)
                .putShort((short) 0)
                .putShort((short) -16384)
                .putShort((short) -16384);
        assertArrayEquals(
                new float[] {0.25f, -0.5f},
                AudioDecoder.decode(wav(new AudioFormat(16000, 16, 2, true, false), stereo.array()), 60)
                        .samples(),
                "channels averaged");

        ByteBuffer f32 = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.25f)
                .putFloat(-0.75f);
        assertArrayEquals(
                new float[] {0.25f, -0.75f},
                AudioDecoder.decode(Wav.raw(3, 1, 16000, 32, 8, f32.array()), 60)
                        .samples(),
                "IEEE float WAV");

        byte[] ulaw = {(byte) 0xFF, (byte) 0x7F};
        float[] mu = AudioDecoder.decode(
                        wav(new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false), ulaw), 60)
                .samples();
        assertEquals(2, mu.length);
        assertTrue(Math.abs(mu[0]) < 1e-3 && Math.abs(mu[1]) < 1e-3, "μ-law silence: " + Arrays.toString(mu));
    }

    static void refused(byte[] file, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(file, 60));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say '" + reason + "'");
    }

    @Test
    void brokenFiles() throws Exception {
        byte[] good = Wav.raw(1, 1, 16000, 16, 4, new byte[] {1, 0, 2, 0});
        refused(Arrays.copyOf(good, 20), "unsupported audio format");
        refused(Wav.raw(1, 1, 16000, 16, 0, new byte[0]), "0 samples");
        refused(Wav.raw(1, 0, 16000, 16, 4, new byte[] {1, 0, 2, 0}), "");
        refused("fLaC\0\0\0\"....".getBytes(), "truncated FLAC metadata");
        refused(new byte[0], "empty file (0 bytes)");
        refused(null, "null input");
        // The header claims 2 GB; only the 4 bytes present are read.
        assertEquals(
                2,
                AudioDecoder.decode(Wav.raw(1, 1, 16000, 16, Integer.MAX_VALUE - 100, new byte[] {1, 0, 2, 0}), 60)
                        .samples()
                        .length);
        byte[] threeSeconds = Wav.raw(1, 1, 16000, 16, 96000, new byte[96000]);
        InvalidInputException tooLong =
                assertThrows(InvalidInputException.class, () -> AudioDecoder.decode(threeSeconds, 1.0));
        assertTrue(tooLong.getMessage().contains("exceeds maxSeconds"), tooLong.getMessage());
        Audio silence = AudioDecoder.decode(threeSeconds, 3600);
        float[] x = new Wav2Vec2Features(new ObjectMapper().readTree("{\"sampling_rate\":16000}"), "test")
                .features(silence);
        for (float v : x) {
            assertEquals(0f, v, "pure silence normalises to zeros, not NaN");
        }
    }

    /** A file of {@code type} written by the JDK from raw frames in {@code format}. */
    static byte[] file(AudioFileFormat.Type type, AudioFormat format, byte[] frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(frames), format, frames.length / format.getFrameSize()),
                type,
                out);
        return out.toByteArray();
    }

    @Test
    void everySampleLayoutWithItsLowBytes() throws Exception {
        // 24-bit little-endian (WAV) and big-endian (AIFF) with every byte significant: 0x400201 and -0x3FFDFF.
        float a = (float) (0x400201 / 8388608.0);
        float b = (float) (-0x3FFDFF / 8388608.0);
        byte[] le24 = {0x01, 0x02, 0x40, 0x01, 0x02, (byte) 0xC0};
        assertArrayEquals(
                new float[] {a, b},
                AudioDecoder.decode(wav(new AudioFormat(16000, 24, 1, true, false), le24), 60)
                        .samples());
        byte[] be24 = {0x40, 0x02, 0x01, (byte) 0xC0, 0x02, 0x01};
        assertArrayEquals(
                new float[] {a, b},
                AudioDecoder.decode(
                                file(AudioFileFormat.Type.AIFF, new AudioFormat(16000, 24, 1, true, true), be24), 60)
                        .samples());
        // AIFF 8-bit is signed; AU 32-bit big-endian; WAV 32-bit integer and 64-bit float.
        assertArrayEquals(
                new float[] {0.5f, -0.5f, -1f},
                AudioDecoder.decode(
                                file(AudioFileFormat.Type.AIFF, new AudioFormat(8000, 8, 1, true, true), new byte[] {
                                    0x40, (byte) 0xC0, (byte) 0x80
                                }),
                                60)
                        .samples());
        assertArrayEquals(
                new float[] {(float) (0x40000102 / 2147483648.0)},
                AudioDecoder.decode(
                                file(AudioFileFormat.Type.AU, new AudioFormat(16000, 32, 1, true, true), new byte[] {
                                    0x40, 0, 0x01, 0x02
                                }),
                                60)
                        .samples());
        ByteBuffer i32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-0x20000001);
        assertArrayEquals(
                new float[] {(float) (-0x20000001 / 2147483648.0)},
                AudioDecoder.decode(Wav.raw(1, 1, 16000, 32, 4, i32.array()), 60)
                        .samples());
        ByteBuffer f64 = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.1)
                .putDouble(-0.7);
        assertArrayEquals(
                new float[] {0.1f, -0.7f},
                AudioDecoder.decode(Wav.raw(3, 1, 16000, 64, 16, f64.array()), 60)
                        .samples());
        // Three channels averaged, not summed or halved.
        ByteBuffer three = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        three.putShort((short) 3000).putShort((short) 6000).putShort((short) -300);
        assertArrayEquals(
                new float[] {(float) ((3000 + 6000 - 300) / 32768.0 / 3)},
                AudioDecoder.decode(Wav.raw(1, 3, 16000, 16, 6, three.array()), 60)
                        .samples());
    }

    @Test
    void headersTheDecoderRefuses() throws Exception {
        refused(Wav.raw(1, 1, 0, 16, 4, new byte[4]), "audio has sampling rate 0.0");
        refused(Wav.raw(1, 1, 16000, 12, 4, new byte[4]), "unsupported sample size 12 bits");
        refused(Wav.raw(1, 1, 16000, 40, 5, new byte[5]), "unsupported sample size 40 bits");
        refused(Wav.raw(2, 1, 16000, 4, 4, new byte[4]), "unsupported audio format");
    }

    @Test
    void clipsOfManyBlocksAndExactlyMaxSeconds() throws Exception {
        // 20000 frames (more than one 8192-frame read) of a ramp: every sample where it belongs.
        ByteBuffer ramp = ByteBuffer.allocate(40000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 20000; i++) {
            ramp.putShort((short) (i - 10000));
        }
        Audio whole = AudioDecoder.decode(Wav.raw(1, 1, 20000, 16, 40000, ramp.array()), 1.0);
        assertEquals(1.0, whole.seconds());
        assertEquals(0.25, new Audio(new float[4000], 16000).seconds());
        float[] got = whole.samples();
        assertEquals(20000, got.length, "exactly maxSeconds is allowed");
        for (int i = 0; i < got.length; i++) {
            assertEquals((i - 10000) / 32768f, got[i], 0f, "sample " + i);
        }
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> AudioDecoder.decode(Wav.raw(1, 1, 20000, 16, 40000, ramp.array()), 0.99995));
        assertEquals("clip of more than 1.0 s exceeds maxSeconds=0.99995", e.getMessage());
        // The header may understate the data: what is declared is read, no more, and nothing is lost within it.
        float[] declared = AudioDecoder.decode(Wav.raw(1, 1, 20000, 16, 20000, ramp.array()), 60)
                .samples();
        assertEquals(10000, declared.length);
        assertEquals(-1 / 32768f, declared[9999], 0f);
    }
}

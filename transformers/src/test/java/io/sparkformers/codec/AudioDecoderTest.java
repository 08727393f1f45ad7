package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.preprocess.Wav2Vec2Features;
import io.sparkformers.runtime.InvalidInputException;
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

    /** A hand-made RIFF/WAVE header: format tag, channels, rate, bits, declared data size, then {@code data}. */
    static byte[] rawWav(int tag, int channels, int rate, int bits, int declared, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes())
                .putInt(36 + declared)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) tag)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8))
                .putShort((short) bits)
                .put("data".getBytes())
                .putInt(declared)
                .put(data);
        return b.array();
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
                AudioDecoder.decode(rawWav(3, 1, 16000, 32, 8, f32.array()), 60).samples(),
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
        byte[] good = rawWav(1, 1, 16000, 16, 4, new byte[] {1, 0, 2, 0});
        refused(Arrays.copyOf(good, 20), "unsupported audio format");
        refused(rawWav(1, 1, 16000, 16, 0, new byte[0]), "0 samples");
        refused(rawWav(1, 0, 16000, 16, 4, new byte[] {1, 0, 2, 0}), "");
        refused("fLaC\0\0\0\"....".getBytes(), "truncated FLAC metadata");
        refused(new byte[0], "empty file (0 bytes)");
        refused(null, "null input");
        // The header claims 2 GB; only the 4 bytes present are read.
        assertEquals(
                2,
                AudioDecoder.decode(rawWav(1, 1, 16000, 16, Integer.MAX_VALUE - 100, new byte[] {1, 0, 2, 0}), 60)
                        .samples()
                        .length);
        byte[] threeSeconds = rawWav(1, 1, 16000, 16, 96000, new byte[96000]);
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
}

package io.sparkformers.codec;

import io.sparkformers.runtime.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes audio files into mono float samples as soundfile reads them ({@code int / 2^(bits-1)}), channels averaged:
 * FLAC with {@link FlacDecoder}, the rest with the JDK's sound API (WAV: PCM 8/16/24/32-bit, IEEE float 32/64,
 * WAVE_FORMAT_EXTENSIBLE; AIFF; AU). MP3 and OGG have no maintained pure-Java decoder we ship: such files are
 * invalid rows with that reason.
 */
public final class AudioDecoder {
    private AudioDecoder() {}

    public static Audio decode(byte[] file, double maxSeconds) throws InvalidInputException {
        if (file == null) {
            throw new InvalidInputException("null input");
        }
        if (file.length == 0) {
            throw new InvalidInputException("empty file (0 bytes)");
        }
        if (FlacDecoder.isFlac(file)) {
            return FlacDecoder.decode(file, maxSeconds);
        }
        try (AudioInputStream raw =
                        AudioSystem.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(file)));
                AudioInputStream in = pcm(raw)) {
            AudioFormat f = in.getFormat();
            int channels = f.getChannels();
            int bits = f.getSampleSizeInBits();
            if (channels <= 0) {
                throw new InvalidInputException("audio has " + channels + " channels");
            }
            if (f.getSampleRate() <= 0 || Float.isNaN(f.getSampleRate())) {
                throw new InvalidInputException("audio has sampling rate " + f.getSampleRate());
            }
            int bytesPerSample = (bits + 7) / 8;
            int frameBytes = bytesPerSample * channels;
            // What the header claims is not trusted: only the bytes that are really there are read (bounded by the
            // file),
            // in blocks converted straight to mono floats, so the clip is never held twice.
            long declared = in.getFrameLength();
            long fits = file.length / frameBytes + 1;
            long limit = Math.min((long) Math.ceil(maxSeconds * f.getSampleRate()), Integer.MAX_VALUE - 9);
            float[] mono = new float[(int) Math.min(Math.min(declared > 0 ? declared : fits, fits), limit + 1)];
            byte[] block = new byte[frameBytes * 8192];
            ByteBuffer b =
                    ByteBuffer.wrap(block).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            AudioFormat.Encoding enc = f.getEncoding();
            int frames = 0;
            int filled = 0;
            for (int r; (r = in.read(block, filled, block.length - filled)) >= 0; ) {
                filled += r;
                int whole = filled / frameBytes;
                if (frames + (long) whole > limit) {
                    throw new InvalidInputException(String.format(
                            "clip of more than %.1f s exceeds maxSeconds=%s",
                            (frames + (long) whole) / (double) f.getSampleRate(), maxSeconds));
                }
                if (frames + whole > mono.length) {
                    mono = Arrays.copyOf(mono, (int) Math.min(Math.max(2L * mono.length, frames + whole), limit + 1));
                }
                for (int i = 0, p = 0; i < whole; i++) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++, p += bytesPerSample) {
                        sum += sample(b, p, bits, enc);
                    }
                    mono[frames + i] = channels == 1 ? (float) sum : (float) (sum / channels);
                }
                frames += whole;
                System.arraycopy(block, whole * frameBytes, block, 0, filled - whole * frameBytes);
                filled -= whole * frameBytes;
            }
            if (frames == 0) {
                throw new InvalidInputException("audio has 0 samples");
            }
            if (frames != mono.length) {
                mono = Arrays.copyOf(mono, frames);
            }
            return new Audio(mono, Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException e) {
            throw new InvalidInputException(
                    "unsupported audio format (read: WAV PCM 8/16/24/32-bit and float, FLAC, AIFF, "
                            + "AU; MP3/OGG are not supported): " + e.getMessage(),
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("corrupt audio: " + e.getMessage(), e);
        }
    }

    /** μ-law and A-law are expanded to 16-bit PCM by the JDK's own converters; PCM and float pass through. */
    private static AudioInputStream pcm(AudioInputStream in) throws InvalidInputException {
        AudioFormat.Encoding enc = in.getFormat().getEncoding();
        if (AudioFormat.Encoding.PCM_SIGNED.equals(enc)
                || AudioFormat.Encoding.PCM_UNSIGNED.equals(enc)
                || AudioFormat.Encoding.PCM_FLOAT.equals(enc)) {
            return in;
        }
        try {
            return AudioSystem.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED, in);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unsupported audio encoding " + enc, e);
        }
    }

    private static double sample(ByteBuffer b, int p, int bits, AudioFormat.Encoding enc) throws InvalidInputException {
        if (AudioFormat.Encoding.PCM_FLOAT.equals(enc)) {
            return bits == 64 ? b.getDouble(p) : b.getFloat(p);
        }
        boolean unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        if (!unsigned && !AudioFormat.Encoding.PCM_SIGNED.equals(enc)) {
            throw new InvalidInputException("unsupported audio encoding " + enc);
        }
        switch (bits) {
            case 8:
                return unsigned ? ((b.get(p) & 0xFF) - 128) / 128.0 : b.get(p) / 128.0;
            case 16:
                return b.getShort(p) / 32768.0;
            case 24: {
                int v = b.order() == ByteOrder.LITTLE_ENDIAN
                        ? (b.get(p) & 0xFF) | ((b.get(p + 1) & 0xFF) << 8) | (b.get(p + 2) << 16)
                        : (b.get(p + 2) & 0xFF) | ((b.get(p + 1) & 0xFF) << 8) | (b.get(p) << 16);
                return v / 8388608.0;
            }
            case 32:
                return b.getInt(p) / 2147483648.0;
            default:
                throw new InvalidInputException("unsupported sample size " + bits + " bits");
        }
    }
}

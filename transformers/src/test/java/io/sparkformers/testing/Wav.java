package io.sparkformers.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16-bit PCM mono WAV files for tests, streaming, so that hour-long clips need no memory of their own. */
public final class Wav {
    private Wav() {}

    /**
     * A RIFF/WAVE file as written by hand: format tag (1 PCM, 3 float), channels, rate, bits, the data size the header
     * declares (which may lie), then {@code data} as given. Byte rate and block align count at least one channel.
     */
    public static byte[] raw(int tag, int channels, int rate, int bits, int declared, byte[] data) {
        return header(tag, channels, rate, bits, declared, data.length)
                .put(data)
                .array();
    }

    private static ByteBuffer header(int tag, int channels, int rate, int bits, long declared, int room) {
        int frame = Math.max(channels, 1) * bits / 8;
        return ByteBuffer.allocate(44 + room)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes())
                .putInt((int) (36 + declared))
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) tag)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * frame)
                .putShort((short) frame)
                .putShort((short) bits)
                .put("data".getBytes())
                .putInt((int) declared);
    }

    /** {@code seconds} of {@code clip} (floats in [-1, 1]) repeated, or of silence when {@code clip} is null. */
    public static Path write(Path file, float[] clip, int rate, double seconds) throws IOException {
        long frames = Math.round(seconds * rate);
        ByteBuffer header = header(1, 1, rate, 16, 2 * frames, 0);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header.array());
            ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < frames; i++) {
                float v = clip == null ? 0 : clip[(int) (i % clip.length)];
                block.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
                if (!block.hasRemaining()) {
                    out.write(block.array(), 0, block.position());
                    block.clear();
                }
            }
            out.write(block.array(), 0, block.position());
        }
        return file;
    }
}

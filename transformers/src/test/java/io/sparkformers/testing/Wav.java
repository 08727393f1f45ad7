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

    /** {@code seconds} of {@code clip} (floats in [-1, 1]) repeated, or of silence when {@code clip} is null. */
    public static Path write(Path file, float[] clip, int rate, double seconds) throws IOException {
        long frames = Math.round(seconds * rate);
        long bytes = 2 * frames;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes())
                .putInt((int) (36 + bytes))
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes())
                .putInt((int) bytes);
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

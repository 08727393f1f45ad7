package io.sparkformers.testing;

import io.sparkformers.runtime.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A NumPy .npy v1 file (little-endian float32 or int64, C order), as the fixtures store tensors. */
public record Npy(long[] shape, float[] floats, long[] longs) {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");

    public static Npy read(Path p) {
        try {
            byte[] b = Files.readAllBytes(p);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int headerLen = bb.getShort(8) & 0xFFFF;
            String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
            Matcher sm = SHAPE.matcher(header);
            Matcher dm = DESCR.matcher(header);
            if (!sm.find() || !dm.find()) {
                throw new IOException("bad npy header in " + p + ": " + header);
            }
            long[] shape = Arrays.stream(sm.group(1).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong)
                    .toArray();
            long n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            bb.position(10 + headerLen);
            switch (dm.group(1)) {
                case "<f4" -> {
                    float[] f = new float[(int) n];
                    bb.asFloatBuffer().get(f);
                    return new Npy(shape, f, null);
                }
                case "<i8" -> {
                    long[] l = new long[(int) n];
                    bb.asLongBuffer().get(l);
                    return new Npy(shape, null, l);
                }
                case "<i4" -> {
                    long[] l = new long[(int) n];
                    for (int i = 0; i < n; i++) {
                        l[i] = bb.getInt();
                    }
                    return new Npy(shape, null, l);
                }
                default -> throw new IOException("unsupported dtype " + dm.group(1) + " in " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Row {@code i} along axis 0 of a float tensor. */
    public float[] row(int i) {
        return new Outputs.Batch(shape, floats).row(i);
    }

    public int rowSize() {
        return new Outputs.Batch(shape, floats).rowSize();
    }
}

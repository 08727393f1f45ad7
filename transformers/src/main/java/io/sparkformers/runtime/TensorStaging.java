package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Off-heap, native-order buffers reused batch after batch, wrapped into tensors without a copy
 * ({@code OnnxTensor.createTensor} on a direct buffer). ORT reads native byte order: a heap or big-endian buffer is
 * copied or, worse, misread.
 */
public final class TensorStaging {
    private final Map<String, ByteBuffer> buffers = new HashMap<>();

    private ByteBuffer bytes(String name, long count, int width) {
        long size = count * width;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch tensor '" + name + "' needs " + size + " bytes; lower batchSize");
        }
        ByteBuffer b = buffers.get(name);
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocateDirect((int) Math.max(size, b == null ? 0 : b.capacity() * 3L / 2))
                    .order(ByteOrder.nativeOrder());
            buffers.put(name, b);
        }
        b.clear().limit((int) size);
        return b;
    }

    /** A zeroed float buffer of {@code count} elements. */
    public FloatBuffer floats(String name, long count) {
        ByteBuffer b = bytes(name, count, Float.BYTES);
        zero(b);
        return b.asFloatBuffer();
    }

    /** A long buffer of {@code count} elements, every element set to {@code fill}. */
    public LongBuffer longs(String name, long count, long fill) {
        LongBuffer lb = bytes(name, count, Long.BYTES).asLongBuffer();
        for (int i = 0; i < lb.limit(); i++) {
            lb.put(i, fill);
        }
        return lb;
    }

    private static void zero(ByteBuffer b) {
        int n = b.limit();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            b.putLong(i, 0L);
        }
        for (; i < n; i++) {
            b.put(i, (byte) 0);
        }
    }

    public static OnnxTensor tensor(FloatBuffer data, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), data.rewind(), shape);
    }

    public static OnnxTensor tensor(LongBuffer data, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), data.rewind(), shape);
    }
}

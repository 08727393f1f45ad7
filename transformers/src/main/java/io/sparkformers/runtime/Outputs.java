package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/** Reads a batch output once (ORT copies it out of native memory on every call) and slices it by row. */
public final class Outputs {
    private Outputs() {}

    /** A float output with its shape; numeric outputs of other types are widened or narrowed to float. */
    public record Batch(long[] shape, float[] data) {
        public int rowSize() {
            long n = 1;
            for (int i = 1; i < shape.length; i++) {
                n *= shape[i];
            }
            return (int) n;
        }

        public float[] row(int i) {
            int n = rowSize();
            float[] out = new float[n];
            System.arraycopy(data, i * n, out, 0, n);
            return out;
        }
    }

    public static Batch floats(OrtSession.Result result, String name) throws OrtException {
        OnnxValue v = result.get(name)
                .orElseThrow(() -> new IllegalStateException("graph did not return output '" + name + "'"));
        if (!(v instanceof OnnxTensor t)) {
            throw new IllegalStateException("output '" + name + "' is a " + v.getType() + ", not a tensor");
        }
        long[] shape = t.getInfo().getShape();
        ByteBuffer raw = t.getByteBuffer();
        float[] out;
        switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer fb = raw.asFloatBuffer();
                out = new float[fb.remaining()];
                fb.get(out);
            }
            case DOUBLE -> {
                DoubleBuffer db = raw.asDoubleBuffer();
                out = new float[db.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) db.get(i);
                }
            }
            case INT64 -> {
                LongBuffer lb = raw.asLongBuffer();
                out = new float[lb.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = lb.get(i);
                }
            }
            case INT32 -> {
                IntBuffer ib = raw.asIntBuffer();
                out = new float[ib.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ib.get(i);
                }
            }
            default ->
                throw new IllegalStateException("output '" + name + "' has unsupported type " + t.getInfo().type);
        }
        return new Batch(shape, out);
    }
}

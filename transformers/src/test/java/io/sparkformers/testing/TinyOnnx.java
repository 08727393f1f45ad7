package io.sparkformers.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small ONNX graphs for tests of stages that have no reference fixture: the protobuf wire format by hand
 * (field tag, varint or length-delimited), just the ModelProto fields ONNX Runtime reads.
 */
public final class TinyOnnx {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;
    public static final int BOOL = 9;

    private final ByteArrayOutputStream graph = new ByteArrayOutputStream();

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wire) {
        varint(out, ((long) field << 3) | wire);
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
        tag(out, field, 2);
        varint(out, b.length);
        out.write(b, 0, b.length);
    }

    private static void string(ByteArrayOutputStream out, int field, String s) {
        bytes(out, field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void int64(ByteArrayOutputStream out, int field, long v) {
        tag(out, field, 0);
        varint(out, v);
    }

    /** A NodeProto's inputs, outputs and operator, before its attributes. */
    private static ByteArrayOutputStream nodeHead(String op, String[] inputs, String[] outputs) {
        ByteArrayOutputStream n = new ByteArrayOutputStream();
        for (String i : inputs) {
            string(n, 1, i);
        }
        for (String o : outputs) {
            string(n, 2, o);
        }
        string(n, 4, op);
        return n;
    }

    /** A node with integer attributes given as name, value pairs. */
    public TinyOnnx node(String op, String[] inputs, String[] outputs, Object... intAttributes) {
        ByteArrayOutputStream n = nodeHead(op, inputs, outputs);
        for (int a = 0; a < intAttributes.length; a += 2) {
            ByteArrayOutputStream attr = new ByteArrayOutputStream();
            string(attr, 1, (String) intAttributes[a]);
            int64(attr, 3, ((Number) intAttributes[a + 1]).longValue());
            int64(attr, 20, 2); // AttributeType.INT
            bytes(n, 5, attr.toByteArray());
        }
        bytes(graph, 1, n.toByteArray());
        return this;
    }

    /** A node whose one attribute, {@code name}, is a subgraph (Loop's {@code body}, If's branches). */
    public TinyOnnx node(String op, String[] inputs, String[] outputs, String name, TinyOnnx subgraph) {
        ByteArrayOutputStream n = nodeHead(op, inputs, outputs);
        ByteArrayOutputStream attr = new ByteArrayOutputStream();
        string(attr, 1, name);
        bytes(attr, 6, subgraph.graph(name));
        int64(attr, 20, 5); // AttributeType.GRAPH
        bytes(n, 5, attr.toByteArray());
        bytes(graph, 1, n.toByteArray());
        return this;
    }

    /** A float constant tensor of shape {@code dims} (none: a scalar). */
    public TinyOnnx initializer(String name, long[] dims, float... values) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        for (long d : dims) {
            int64(t, 1, d);
        }
        int64(t, 2, FLOAT);
        string(t, 8, name);
        java.nio.ByteBuffer raw =
                java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        bytes(t, 9, raw.array());
        bytes(graph, 5, t.toByteArray());
        return this;
    }

    /** A scalar constant of {@code type} ({@link #INT64} or {@link #BOOL}). */
    public TinyOnnx scalar(String name, int type, long value) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        int64(t, 2, type);
        if (type == INT64) {
            int64(t, 7, value);
        } else {
            int64(t, 5, value); // int32_data holds bool, int8, int16, int32
        }
        string(t, 8, name);
        bytes(graph, 5, t.toByteArray());
        return this;
    }

    /** An int64 constant tensor. */
    public TinyOnnx initializer(String name, long... values) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        int64(t, 1, values.length);
        int64(t, 2, INT64);
        for (long v : values) {
            int64(t, 7, v);
        }
        string(t, 8, name);
        bytes(graph, 5, t.toByteArray());
        return this;
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        for (Object d : dims) {
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            if (d instanceof String s) {
                string(dim, 2, s);
            } else {
                int64(dim, 1, ((Number) d).longValue());
            }
            bytes(shape, 1, dim.toByteArray());
        }
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        int64(tensor, 1, elemType);
        bytes(tensor, 2, shape.toByteArray());
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        bytes(type, 1, tensor.toByteArray());
        ByteArrayOutputStream vi = new ByteArrayOutputStream();
        string(vi, 1, name);
        bytes(vi, 2, type.toByteArray());
        return vi.toByteArray();
    }

    /** A graph input; dims are numbers or symbolic names. */
    public TinyOnnx input(String name, int elemType, Object... dims) {
        bytes(graph, 11, valueInfo(name, elemType, dims));
        return this;
    }

    public TinyOnnx output(String name, int elemType, Object... dims) {
        bytes(graph, 12, valueInfo(name, elemType, dims));
        return this;
    }

    /** This graph as a GraphProto named {@code name}. */
    private byte[] graph(String name) {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        byte[] body = graph.toByteArray();
        g.write(body, 0, body.length);
        string(g, 2, name);
        return g.toByteArray();
    }

    /** The serialized ModelProto (IR version 8, default opset 13). */
    public byte[] model() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        int64(m, 1, 8);
        bytes(m, 7, graph("tiny"));
        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        string(opset, 1, "");
        int64(opset, 2, 13);
        bytes(m, 8, opset.toByteArray());
        return m.toByteArray();
    }
}

package io.sparkformers.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * One loaded ONNX graph on one device, shared by every task thread of the executor ({@code OrtSession.run} is
 * thread-safe). Owned by {@link SessionCache}; closing it makes later runs fail loudly.
 */
public final class OnnxModel implements AutoCloseable {
    private final String name;
    private final Device device;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final Map<String, NodeInfo> inputs;
    private final Map<String, NodeInfo> outputs;
    private volatile boolean closed;

    OnnxModel(String name, Device device, OrtSession session, OrtSession.SessionOptions options) throws OrtException {
        this.name = name;
        this.device = device;
        this.session = session;
        this.options = options;
        this.inputs = Collections.unmodifiableMap(session.getInputInfo());
        this.outputs = Collections.unmodifiableMap(session.getOutputInfo());
    }

    public String name() {
        return name;
    }

    public Device device() {
        return device;
    }

    public Map<String, NodeInfo> inputs() {
        return inputs;
    }

    public Map<String, NodeInfo> outputs() {
        return outputs;
    }

    /**
     * The output named {@code preferred}, else the first output of rank {@code rank} (an export that names it
     * otherwise: sentence-transformers' {@code token_embeddings}); null when there is none.
     */
    public String outputNamedOrOfRank(String preferred, int rank) {
        if (outputs.containsKey(preferred)) {
            return preferred;
        }
        for (String o : outputs.keySet()) {
            if (shape(o).length == rank) {
                return o;
            }
        }
        return null;
    }

    /** The tensor shape of a graph input or output; -1 marks a dynamic axis. */
    public long[] shape(String node) {
        NodeInfo info = inputs.containsKey(node) ? inputs.get(node) : outputs.get(node);
        if (info == null || !(info.getInfo() instanceof TensorInfo)) {
            throw new IllegalArgumentException("graph " + name + " has no tensor named '" + node + "' (inputs "
                    + inputs.keySet() + ", outputs " + outputs.keySet() + ")");
        }
        return ((TensorInfo) info.getInfo()).getShape();
    }

    /** The fixed batch size of a graph input, or 0 when its first axis is dynamic. */
    public int staticBatch(String input) {
        long[] s = shape(input);
        return s.length > 0 && s[0] > 0 ? (int) s[0] : 0;
    }

    public OrtSession.Result run(Map<String, OnnxTensor> feed, Set<String> fetch) throws OrtException {
        return run(feed, fetch, null);
    }

    /** Runs with {@code runOptions} (null for none): its terminate flag stops the call from another thread. */
    public OrtSession.Result run(Map<String, OnnxTensor> feed, Set<String> fetch, OrtSession.RunOptions runOptions)
            throws OrtException {
        if (closed) {
            throw new IllegalStateException("ONNX session for " + name + " on " + device + " is closed");
        }
        return runOptions == null ? session.run(feed, fetch) : session.run(feed, fetch, runOptions);
    }

    @Override
    public synchronized void close() throws OrtException {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } finally {
                options.close();
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return name + " on " + device;
    }
}

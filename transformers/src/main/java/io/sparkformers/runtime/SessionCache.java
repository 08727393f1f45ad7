package io.sparkformers.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one ONNX Runtime session per (model fingerprint, device, session options) per JVM, whatever the number of
 * tasks asking at once. Sessions live until the JVM exits.
 */
public final class SessionCache {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);
    private static final ConcurrentHashMap<String, CompletableFuture<OnnxModel>> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();
    private static final ConcurrentHashMap<String, AtomicLong> LOADS_BY_MODEL = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SessionCache::closeAll, "sparkformers-session-close"));
    }

    private SessionCache() {}

    /** Session options that take part in the cache key. */
    public record Options(int intraOpThreads) implements Serializable {
        /** {@code spark.task.cpus} inside Spark (each task gets that many cores), else ORT's own default. */
        public static Options defaults() {
            SparkEnv env = SparkEnv.get();
            int cpus = env == null ? 0 : env.conf().getInt("spark.task.cpus", 1);
            return new Options(cpus);
        }
    }

    public static OnnxModel get(ModelDirectory model, Configuration conf, Device device, Options options) {
        String key = model.fingerprint() + "|" + device + "|" + options;
        CompletableFuture<OnnxModel> mine = new CompletableFuture<>();
        CompletableFuture<OnnxModel> existing = SESSIONS.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(load(model, conf, device, options));
            } catch (Throwable t) {
                SESSIONS.remove(key, mine);
                mine.completeExceptionally(t);
            }
            existing = mine;
        }
        try {
            OnnxModel m = existing.get();
            if (m.isClosed()) {
                SESSIONS.remove(key, existing);
                return get(model, conf, device, options);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + model.uri(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new ModelException("cannot load " + model.uri() + ": " + c, c);
        }
    }

    private static OnnxModel load(ModelDirectory model, Configuration conf, Device device, Options options) {
        Path dir = model.localDir(conf);
        Path onnx = dir.resolve(model.onnxFileName());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (device.cuda()) {
                try {
                    so.addCUDA(device.gpuId());
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    if (!device.fallbackAllowed()) {
                        throw new IllegalStateException(
                                "device=cuda: cannot enable CUDA on GPU " + device.gpuId() + " for " + model.uri()
                                        + ": " + e.getMessage(),
                                e);
                    }
                    LOG.warn(
                            "device=auto: CUDA unavailable on GPU {} ({}); running {} on the CPU",
                            device.gpuId(),
                            e.getMessage(),
                            model.uri());
                    so.close();
                    return load(model, conf, Device.CPU, options);
                }
            }
            long t0 = System.nanoTime();
            OrtSession session = env.createSession(onnx.toString(), so);
            LOADS.incrementAndGet();
            LOADS_BY_MODEL
                    .computeIfAbsent(model.fingerprint(), k -> new AtomicLong())
                    .incrementAndGet();
            OnnxModel m = new OnnxModel(model.uri(), device, session, so);
            LOG.info(
                    "loaded {} on {} in {} ms (providers requested: {})",
                    model.uri(),
                    device,
                    (System.nanoTime() - t0) / 1_000_000,
                    device.cuda() ? "CUDA, CPU" : "CPU");
            return m;
        } catch (OrtException e) {
            so.close();
            throw new ModelException(
                    "cannot load ONNX model " + model.uri() + "/" + model.onnxFileName()
                            + " (is it a valid ONNX graph?): " + e.getMessage(),
                    e);
        }
    }

    /** How many sessions this JVM has created: tests assert one per model and device. */
    public static long loads() {
        return LOADS.get();
    }

    /** How many sessions this JVM has created for the model with this fingerprint (all devices and options). */
    public static long loads(String fingerprint) {
        AtomicLong n = LOADS_BY_MODEL.get(fingerprint);
        return n == null ? 0 : n.get();
    }

    static void closeAll() {
        for (CompletableFuture<OnnxModel> f : SESSIONS.values()) {
            OnnxModel m = f.getNow(null);
            if (m != null) {
                try {
                    m.close();
                } catch (OrtException | RuntimeException ignored) {
                    // JVM is exiting
                }
            }
        }
        SESSIONS.clear();
    }
}

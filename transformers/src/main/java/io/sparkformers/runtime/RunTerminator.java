package io.sparkformers.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stops ONNX Runtime calls whose work was cancelled. A call blocks its thread inside native code, where neither a
 * Java interrupt nor Spark's kill flag reaches it; ONNX Runtime checks its {@code RunOptions} terminate flag between
 * kernels instead. So each watched call registers its options with the condition that cancels it, and one daemon
 * thread of this JVM checks every registered call every {@link #PERIOD_MS} ms and sets the flag of those cancelled.
 */
final class RunTerminator {
    /** How often cancellation is checked: the longest a cancelled call waits for its flag. */
    static final long PERIOD_MS = 50;

    private static final Map<OrtSession.RunOptions, BooleanSupplier> ACTIVE = new IdentityHashMap<>();
    private static ScheduledExecutorService watcher;

    private RunTerminator() {}

    /** A registered call; closing it unregisters the call and frees its options. */
    static final class Watch implements AutoCloseable {
        final OrtSession.RunOptions options;

        private Watch(OrtSession.RunOptions options) {
            this.options = options;
        }

        @Override
        public void close() {
            synchronized (ACTIVE) {
                ACTIVE.remove(options);
            }
            options.close();
        }
    }

    /** New run options for one call, terminated once {@code cancelled} holds. */
    static Watch watch(BooleanSupplier cancelled) throws OrtException {
        OrtSession.RunOptions options = new OrtSession.RunOptions();
        synchronized (ACTIVE) {
            ACTIVE.put(options, cancelled);
            if (watcher == null) {
                watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sparkformers-run-terminator");
                    t.setDaemon(true);
                    return t;
                });
                watcher.scheduleWithFixedDelay(RunTerminator::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
            }
        }
        return new Watch(options);
    }

    private static void check() {
        synchronized (ACTIVE) {
            for (Map.Entry<OrtSession.RunOptions, BooleanSupplier> e : ACTIVE.entrySet()) {
                try {
                    if (e.getValue().getAsBoolean()) {
                        e.getKey().setTerminate(true);
                    }
                } catch (OrtException | RuntimeException ignored) {
                    // The call ends by itself; a failing check must not stop the watcher for the others.
                }
            }
        }
    }

    /** Calls registered now. */
    static int active() {
        synchronized (ACTIVE) {
            return ACTIVE.size();
        }
    }
}

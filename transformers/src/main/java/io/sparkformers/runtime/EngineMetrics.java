package io.sparkformers.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one engine did: rows in and out, ONNX Runtime calls and the model rows they ran, padding, retries, and where
 * the time went (preparing rows on the pool, in ONNX Runtime, decoding outputs in the head). Counters only: the
 * caller adds them to whatever its platform shows (Spark accumulators for the stages).
 */
public final class EngineMetrics {
    /** The metric names, in the order they are shown. */
    public static final String ROWS = "rows";

    public static final String INVALID_ROWS = "invalid rows";
    public static final String CALLS = "ONNX Runtime calls";
    public static final String MODEL_ROWS = "model rows run";
    public static final String RETRIED_ROWS = "rows retried alone";
    public static final String PADDED = "padded elements";
    public static final String ELEMENTS = "batched elements";
    public static final String PREPARE_US = "prepare µs";
    public static final String INFERENCE_US = "inference µs";
    public static final String HEAD_US = "head µs";

    final LongAdder rows = new LongAdder();
    final LongAdder invalidRows = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder modelRows = new LongAdder();
    final LongAdder retriedRows = new LongAdder();
    final LongAdder padded = new LongAdder();
    final LongAdder elements = new LongAdder();
    final LongAdder prepareNanos = new LongAdder();
    final LongAdder inferenceNanos = new LongAdder();
    final LongAdder headNanos = new LongAdder();

    /** Every counter by name (times in microseconds: a tiny model's calls take less than a millisecond). */
    public Map<String, Long> values() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(ROWS, rows.sum());
        out.put(INVALID_ROWS, invalidRows.sum());
        out.put(CALLS, calls.sum());
        out.put(MODEL_ROWS, modelRows.sum());
        out.put(RETRIED_ROWS, retriedRows.sum());
        out.put(PADDED, padded.sum());
        out.put(ELEMENTS, elements.sum());
        out.put(PREPARE_US, prepareNanos.sum() / 1_000);
        out.put(INFERENCE_US, inferenceNanos.sum() / 1_000);
        out.put(HEAD_US, headNanos.sum() / 1_000);
        return out;
    }

    /**
     * One line of derived figures from summed values (as {@link #values} names them): mean model rows per call and
     * the padded share of the batched elements, then the times.
     */
    public static String describe(Map<String, Long> v) {
        long calls = v.getOrDefault(CALLS, 0L);
        long elements = v.getOrDefault(ELEMENTS, 0L);
        return String.format(
                java.util.Locale.ROOT,
                "%d rows (%d invalid), %d ONNX Runtime calls of %.1f model rows on average, %.1f %% padding, %d rows"
                        + " retried alone; prepare %.1f ms, inference %.1f ms, head %.1f ms (summed over tasks)",
                v.getOrDefault(ROWS, 0L),
                v.getOrDefault(INVALID_ROWS, 0L),
                calls,
                calls == 0 ? 0.0 : v.getOrDefault(MODEL_ROWS, 0L) / (double) calls,
                elements == 0 ? 0.0 : 100.0 * v.getOrDefault(PADDED, 0L) / elements,
                v.getOrDefault(RETRIED_ROWS, 0L),
                v.getOrDefault(PREPARE_US, 0L) / 1000.0,
                v.getOrDefault(INFERENCE_US, 0L) / 1000.0,
                v.getOrDefault(HEAD_US, 0L) / 1000.0);
    }
}

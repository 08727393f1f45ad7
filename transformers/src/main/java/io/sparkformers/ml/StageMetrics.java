package io.sparkformers.ml;

import io.sparkformers.runtime.EngineMetrics;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * One {@code transform}'s metrics as named Spark accumulators, so they show on the Spark UI's stage page (its
 * Accumulators table), in the event log and to listeners: {@code sparkformers <Stage(uid)>: <metric>} for each of
 * {@link EngineMetrics}' counters, summed over the tasks, and the devices the tasks' sessions ran on.
 */
final class StageMetrics implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "sparkformers ";

    private final Map<String, LongAccumulator> counters = new LinkedHashMap<>();
    private final CollectionAccumulator<String> devices;

    StageMetrics(SparkContext sc, String stage) {
        for (String name : new EngineMetrics().values().keySet()) {
            counters.put(name, sc.longAccumulator(PREFIX + stage + ": " + name));
        }
        devices = sc.collectionAccumulator(PREFIX + stage + ": devices");
    }

    /** Adds a task's engine counters (on the executor, when the task ends). */
    void add(EngineMetrics engine) {
        engine.values().forEach((name, value) -> counters.get(name).add(value));
    }

    void deviceUsed(String device) {
        devices.add(device);
    }

    /** The sums reported by the tasks so far, by metric name. */
    Map<String, Long> values() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((name, acc) -> out.put(name, acc.sum()));
        return out;
    }

    SortedSet<String> devices() {
        return new TreeSet<>(devices.value());
    }
}

package io.sparkformers.jobs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress on stderr while a job runs: tasks done of total, rows written, rows/s and an ETA from the task rate;
 * one updating line on a terminal, a line every few seconds otherwise.
 */
final class Progress extends SparkListener {
    private final AtomicInteger tasksDone = new AtomicInteger();
    private final AtomicInteger tasksTotal = new AtomicInteger();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long lastPrint = System.nanoTime();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stage) {
        tasksTotal.addAndGet(stage.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd task) {
        tasksDone.incrementAndGet();
        if (task.taskMetrics() != null) {
            rowsWritten.addAndGet(task.taskMetrics().outputMetrics().recordsWritten());
        }
        long now = System.nanoTime();
        if (now - lastPrint > (System.console() != null ? 250_000_000L : 5_000_000_000L)) {
            lastPrint = now;
            print(false);
        }
    }

    /** The last line, once the job is done: every task and row counted. */
    void finish() {
        print(true);
    }

    private synchronized void print(boolean last) {
        boolean terminal = System.console() != null;
        double secs = (System.nanoTime() - start) / 1e9;
        int done = tasksDone.get();
        int total = Math.max(done, tasksTotal.get());
        double eta = done == 0 ? Double.NaN : secs / done * (total - done);
        String line = String.format(
                "progress: %d/%d tasks, %d rows, %.1f rows/s, %.0f s elapsed, %s",
                done,
                total,
                rowsWritten.get(),
                rowsWritten.get() / Math.max(secs, 1e-9),
                secs,
                last ? "done" : "ETA " + (Double.isNaN(eta) ? "?" : String.format("%.0f s", eta)));
        System.err.print(terminal ? "\r" + line + (last ? System.lineSeparator() : "") : line + System.lineSeparator());
        System.err.flush();
    }

    long rowsWritten() {
        return rowsWritten.get();
    }
}

package io.sparkformers.jobs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Prints finished tasks and rows read every few seconds while a job runs. */
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
    if (now - lastPrint > 2_000_000_000L) {
      lastPrint = now;
      System.out.printf("  progress: %d/%d tasks, %d rows written, %.0f s%n", tasksDone.get(), tasksTotal.get(),
          rowsWritten.get(), (now - start) / 1e9);
    }
  }

  long rowsWritten() {
    return rowsWritten.get();
  }
}

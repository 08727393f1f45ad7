package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Streams rows through a shared session in batches: while batch k runs in ONNX Runtime, batch k+1 is already
 * being prepared on a small shared pool. Results come out in input order, one {@link Outcome} per input; a row that
 * fails to prepare or to run gets its reason and never stops the others.
 */
public final class BatchEngine<I, P, O> {
  private static final ExecutorService POOL = newPool();
  private static final AtomicLong RUNS = new AtomicLong();
  private static final AtomicLong ROWS_RETRIED_ALONE = new AtomicLong();

  /** ONNX Runtime calls made by this JVM's engines. */
  public static long runs() {
    return RUNS.get();
  }

  /** Rows re-run one by one after their batch failed (to find the rows a graph rejects); 0 when all is well. */
  public static long rowsRetriedAlone() {
    return ROWS_RETRIED_ALONE.get();
  }

  private final OnnxModel model;
  private final BatchCodec<I, P, O> codec;
  private final int batchSize;
  private final int staticBatch;
  private final int window;

  /** One row's result or the reason it has none. */
  public record Outcome<I, O>(I input, O value, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * @param staticBatch the graph's fixed batch size, or 0 when dynamic: batches are then cut to that size and
   *     padded with filler rows
   */
  public BatchEngine(OnnxModel model, BatchCodec<I, P, O> codec, int batchSize, int staticBatch) {
    this(model, codec, batchSize, staticBatch, batchSize);
  }

  /**
   * @param window rows gathered before batching; above {@code batchSize} the engine buckets: it sorts the window
   *     by {@link BatchCodec#sortKey} so each batch holds rows of similar length, and restores the input order
   */
  public BatchEngine(OnnxModel model, BatchCodec<I, P, O> codec, int batchSize, int staticBatch, int window) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.model = model;
    this.codec = codec;
    this.batchSize = batchSize;
    this.staticBatch = staticBatch;
    this.window = Math.max(window, batchSize);
  }

  private static ExecutorService newPool() {
    int n = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    AtomicInteger ids = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "sparkformers-prep-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Lazily runs {@code inputs}; at most two batches are in memory at a time. */
  public Iterator<Outcome<I, O>> run(Iterator<I> inputs) {
    return new Iterator<>() {
      private final TensorStaging staging = new TensorStaging();
      private List<Pending<I, P>> next = submit(inputs);
      private final ArrayDeque<Outcome<I, O>> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !next.isEmpty()) {
          List<Pending<I, P>> current = next;
          next = submit(inputs);
          ready.addAll(infer(current, staging));
        }
        return !ready.isEmpty();
      }

      @Override
      public Outcome<I, O> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  /** The whole pipeline on a list, for callers outside Spark (benchmarks, tests, SQL functions). */
  public List<Outcome<I, O>> runAll(List<I> inputs) {
    List<Outcome<I, O>> out = new ArrayList<>(inputs.size());
    run(inputs.iterator()).forEachRemaining(out::add);
    return out;
  }

  private record Pending<I, P>(I input, Future<P> prepared) {}

  private List<Pending<I, P>> submit(Iterator<I> inputs) {
    List<Pending<I, P>> batch = new ArrayList<>(Math.min(window, 1024));
    while (batch.size() < window && inputs.hasNext()) {
      I in = inputs.next();
      batch.add(new Pending<>(in, POOL.submit(() -> codec.prepare(in))));
    }
    return batch;
  }

  private List<Outcome<I, O>> infer(List<Pending<I, P>> batch, TensorStaging staging) {
    @SuppressWarnings("unchecked")
    Outcome<I, O>[] out = new Outcome[batch.size()];
    List<Integer> okRows = new ArrayList<>(batch.size());
    List<P> okItems = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending<I, P> p = batch.get(i);
      try {
        okItems.add(p.prepared().get());
        okRows.add(i);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while preparing a batch", e);
      } catch (ExecutionException e) {
        out[i] = new Outcome<>(p.input(), null, reason(e.getCause()));
      }
    }
    List<Integer> order = new ArrayList<>(okItems.size());
    for (int k = 0; k < okItems.size(); k++) {
      order.add(k);
    }
    if (window > batchSize) {
      order.sort((a, b) -> Integer.compare(codec.sortKey(okItems.get(a)), codec.sortKey(okItems.get(b))));
    }
    Map<Object, List<Integer>> groups = new LinkedHashMap<>();
    for (int k : order) {
      groups.computeIfAbsent(Optional.ofNullable(codec.groupKey(okItems.get(k))), g -> new ArrayList<>()).add(k);
    }
    for (List<Integer> group : groups.values()) {
      List<P> groupItems = new ArrayList<>(group.size());
      List<Integer> groupRows = new ArrayList<>(group.size());
      for (int k : group) {
        groupItems.add(okItems.get(k));
        groupRows.add(okRows.get(k));
      }
      runGroup(batch, groupItems, groupRows, out, staging);
    }
    List<Outcome<I, O>> list = new ArrayList<>(out.length);
    Collections.addAll(list, out);
    return list;
  }

  private void runGroup(List<Pending<I, P>> batch, List<P> okItems, List<Integer> okRows, Outcome<I, O>[] out,
      TensorStaging staging) {
    int chunk = staticBatch > 0 ? staticBatch : batchSize;
    for (int from = 0; from < okItems.size(); from += chunk) {
      int to = Math.min(okItems.size(), from + chunk);
      List<P> items = okItems.subList(from, to);
      List<Integer> rows = okRows.subList(from, to);
      try {
        List<O> values = runChunk(items, staging);
        for (int k = 0; k < items.size(); k++) {
          out[rows.get(k)] = new Outcome<>(batch.get(rows.get(k)).input(), values.get(k), null);
        }
      } catch (OrtException | RuntimeException e) {
        // Find the row(s) the graph rejects instead of failing all of them.
        ROWS_RETRIED_ALONE.addAndGet(items.size());
        for (int k = 0; k < items.size(); k++) {
          I in = batch.get(rows.get(k)).input();
          try {
            O v = items.size() == 1 ? rethrow(e) : runChunk(List.of(items.get(k)), staging).get(0);
            out[rows.get(k)] = new Outcome<>(in, v, null);
          } catch (OrtException | RuntimeException single) {
            out[rows.get(k)] = new Outcome<>(in, null, "inference failed: " + reason(single));
          }
        }
      }
    }
  }

  private static <T> T rethrow(Exception e) throws OrtException {
    if (e instanceof OrtException oe) {
      throw oe;
    }
    throw (RuntimeException) e;
  }

  private List<O> runChunk(List<P> items, TensorStaging staging) throws OrtException {
    int rows = staticBatch > 0 ? staticBatch : items.size();
    Map<String, OnnxTensor> feed = codec.collate(items, rows, staging);
    RUNS.incrementAndGet();
    try (OrtSession.Result result = model.run(feed, codec.outputs())) {
      List<O> values = codec.decode(result, items);
      if (values.size() != items.size()) {
        throw new IllegalStateException("codec decoded " + values.size() + " results for " + items.size() + " rows");
      }
      return values;
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  /**
   * Applies {@code f} to every item on the shared pool and waits: for post-processing that is heavy per row
   * (segmentation maps), so a task uses the executor's idle cores while ONNX Runtime waits for the next batch.
   */
  public static <T, R> List<R> mapParallel(List<T> items, java.util.function.Function<T, R> f) {
    if (items.size() <= 1) {
      return items.stream().map(f).toList();
    }
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(POOL.submit(() -> f.apply(item)));
    }
    List<R> out = new ArrayList<>(items.size());
    try {
      for (Future<R> fu : futures) {
        out.add(fu.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while post-processing", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    }
    return out;
  }

  /** The message a user sees in the error column. */
  public static String reason(Throwable t) {
    if (t instanceof InvalidInputException) {
      return t.getMessage();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Applies {@code f} to every value, leaving errors as they are. */
  public static <I, A, B> Outcome<I, B> map(Outcome<I, A> o, Function<A, B> f) {
    return o.ok() ? new Outcome<>(o.input(), f.apply(o.value()), null) : new Outcome<>(o.input(), null, o.error());
  }
}

package io.sparkformers.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
    private static final AtomicInteger CALLS_IN_FLIGHT = new AtomicInteger();
    private static final BooleanSupplier NEVER = () -> false;

    /** ONNX Runtime calls made by this JVM's engines. */
    public static long runs() {
        return RUNS.get();
    }

    /** ONNX Runtime calls of this JVM's engines running now. */
    public static int callsInFlight() {
        return CALLS_IN_FLIGHT.get();
    }

    /** Rows re-run one by one after their batch failed (to find the rows a graph rejects); 0 when all is well. */
    public static long rowsRetriedAlone() {
        return ROWS_RETRIED_ALONE.get();
    }

    private final OnnxModel model;
    private final Preparation<I, P> prep;
    private final Decoding<P, O> dec;
    private final int batchSize;
    private final int staticBatch;
    private final int window;
    private final long memoryBudget;
    private BooleanSupplier cancelled = NEVER;
    private final EngineMetrics metrics = new EngineMetrics();
    /** Rows read ahead may always take this much, however small the activation budget. */
    static final long MIN_READ_AHEAD = 256L << 20;

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
     *     by {@link Preparation#sortKey} so each batch holds rows of similar length, and restores the input order
     */
    public BatchEngine(OnnxModel model, BatchCodec<I, P, O> codec, int batchSize, int staticBatch, int window) {
        this(model, codec, batchSize, staticBatch, window, 0);
    }

    /**
     * @param memoryBudget bytes (0 = unbounded) that bound both the estimated activation memory of one ONNX Runtime
     *     call ({@link Preparation#activationBytes}: batches are cut to fit, a row that alone exceeds it is refused) and
     *     the estimated prepared size of the rows read ahead ({@link Preparation#inputBytes}; at least 256 MiB of them)
     */
    public BatchEngine(
            OnnxModel model, BatchCodec<I, P, O> codec, int batchSize, int staticBatch, int window, long memoryBudget) {
        this(model, codec, codec, batchSize, staticBatch, window, memoryBudget);
    }

    /** The engine over a preparation and a decoding made apart (a stage's input and head). */
    public BatchEngine(
            OnnxModel model,
            Preparation<I, P> prep,
            Decoding<P, O> dec,
            int batchSize,
            int staticBatch,
            int window,
            long memoryBudget) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.prep = prep;
        this.dec = dec;
        this.batchSize = batchSize;
        this.staticBatch = staticBatch;
        this.window = Math.max(window, batchSize);
        this.memoryBudget = memoryBudget;
    }

    /**
     * Stops this engine's work once {@code cancelled} holds (a killed Spark task): the ONNX Runtime call in flight is
     * terminated (within {@link RunTerminator#PERIOD_MS} ms of it), the rows being prepared are abandoned, and the
     * iterator throws {@link CancellationException}. No row is reported invalid for it.
     */
    public BatchEngine<I, P, O> cancelledWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        return this;
    }

    /** What this engine has done so far. */
    public EngineMetrics metrics() {
        return metrics;
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled: the work of " + model + " was stopped");
        }
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
    public Run run(Iterator<I> inputs) {
        return new Run(inputs);
    }

    /**
     * The outcomes of a run, in input order. Closing it (a task that ends early or was killed) abandons the rows read
     * ahead: their preparation is cancelled, queued or running.
     */
    public final class Run implements Iterator<Outcome<I, O>>, AutoCloseable {
        private final Iterator<I> inputs;
        private final TensorStaging staging = new TensorStaging();
        private List<Pending<I, P>> next;
        private final ArrayDeque<Outcome<I, O>> ready = new ArrayDeque<>();

        private Run(Iterator<I> inputs) {
            this.inputs = inputs;
            this.next = submit(inputs);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !next.isEmpty()) {
                try {
                    checkCancelled();
                    List<Pending<I, P>> current = next;
                    next = submit(inputs);
                    ready.addAll(infer(current, staging));
                } catch (CancellationException e) {
                    close();
                    throw e;
                }
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

        @Override
        public void close() {
            for (Pending<I, P> p : next) {
                p.prepared().cancel(true);
            }
            next = List.of();
            ready.clear();
        }
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
        long bytes = 0;
        long readAhead = Math.max(memoryBudget, MIN_READ_AHEAD);
        while (batch.size() < window && inputs.hasNext() && (memoryBudget <= 0 || bytes < readAhead)) {
            I in = inputs.next();
            if (memoryBudget > 0) {
                bytes += prep.inputBytes(in);
            }
            batch.add(new Pending<>(in, POOL.submit(() -> {
                long start = System.nanoTime();
                try {
                    P item = prep.prepare(in);
                    dec.check(item);
                    return item;
                } finally {
                    metrics.prepareNanos.add(System.nanoTime() - start);
                }
            })));
        }
        return batch;
    }

    /** What the graph runs: a whole row ({@code piece} -1) or piece {@code piece} of a row the codec split. */
    private record Unit<P>(int row, int piece, P item) {}

    private List<Outcome<I, O>> infer(List<Pending<I, P>> batch, TensorStaging staging) {
        @SuppressWarnings("unchecked")
        Outcome<I, O>[] out = new Outcome[batch.size()];
        List<Object> prepared = new ArrayList<>(Collections.nCopies(batch.size(), null));
        List<Unit<P>> units = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending<I, P> p = batch.get(i);
            try {
                P item = p.prepared().get();
                List<P> pieces = prep.split(item);
                if (pieces == null) {
                    units.add(new Unit<>(i, -1, item));
                } else if (pieces.isEmpty()) {
                    out[i] = new Outcome<>(p.input(), dec.merge(item, List.of()), null);
                } else {
                    prepared.set(i, item);
                    for (int k = 0; k < pieces.size(); k++) {
                        units.add(new Unit<>(i, k, pieces.get(k)));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing a batch", e);
            } catch (ExecutionException e) {
                out[i] = new Outcome<>(p.input(), null, reason(e.getCause()));
            } catch (RuntimeException e) {
                out[i] = new Outcome<>(p.input(), null, reason(e));
            }
        }
        // Units run sorted by size; their results are read back in input order (a split row's pieces in order).
        List<Unit<P>> runOrder = new ArrayList<>(units);
        if (window > batchSize) {
            runOrder.sort((a, b) -> Integer.compare(prep.sortKey(a.item()), prep.sortKey(b.item())));
        }
        Map<Object, List<Unit<P>>> groups = new LinkedHashMap<>();
        for (Unit<P> u : runOrder) {
            groups.computeIfAbsent(Optional.ofNullable(prep.groupKey(u.item())), g -> new ArrayList<>())
                    .add(u);
        }
        Map<Unit<P>, Object> results = new IdentityHashMap<>();
        for (List<Unit<P>> group : groups.values()) {
            runGroup(group, results, staging);
        }
        Map<Integer, List<O>> pieces = new HashMap<>();
        Map<Integer, String> pieceErrors = new HashMap<>();
        for (Unit<P> u : units) {
            Object r = results.get(u);
            I in = batch.get(u.row()).input();
            if (u.piece() < 0) {
                out[u.row()] = r instanceof Failure f
                        ? new Outcome<>(in, null, f.reason())
                        : new Outcome<>(in, dec.whole(u.item(), cast(r)), null);
            } else if (r instanceof Failure f) {
                pieceErrors.putIfAbsent(u.row(), "piece " + (u.piece() + 1) + ": " + f.reason());
            } else {
                pieces.computeIfAbsent(u.row(), k -> new ArrayList<>()).add(cast(r));
            }
        }
        for (Map.Entry<Integer, List<O>> e : pieces.entrySet()) {
            int row = e.getKey();
            I in = batch.get(row).input();
            if (!pieceErrors.containsKey(row)) {
                try {
                    @SuppressWarnings("unchecked")
                    P item = (P) prepared.get(row);
                    long start = System.nanoTime();
                    out[row] = new Outcome<>(in, dec.merge(item, e.getValue()), null);
                    metrics.headNanos.add(System.nanoTime() - start);
                } catch (RuntimeException ex) {
                    out[row] = new Outcome<>(in, null, reason(ex));
                }
            }
        }
        pieceErrors.forEach(
                (row, error) -> out[row] = new Outcome<>(batch.get(row).input(), null, error));
        List<Outcome<I, O>> list = new ArrayList<>(out.length);
        Collections.addAll(list, out);
        metrics.rows.add(out.length);
        for (Outcome<I, O> o : out) {
            if (!o.ok()) {
                metrics.invalidRows.increment();
            }
        }
        return list;
    }

    /** A unit's reason for having no result. */
    private record Failure(String reason) {}

    @SuppressWarnings("unchecked")
    private O cast(Object o) {
        return (O) o;
    }

    /**
     * Runs a group in calls of at most a batch of units, and at most {@code memoryBudget} of estimated activations
     * (every row of a call is padded to its largest); a unit that alone exceeds the budget is refused unrun.
     */
    private void runGroup(List<Unit<P>> units, Map<Unit<P>, Object> results, TensorStaging staging) {
        int limit = staticBatch > 0 ? staticBatch : batchSize;
        List<Unit<P>> call = new ArrayList<>(limit);
        long largest = 0;
        for (Unit<P> u : units) {
            long need = memoryBudget > 0 ? prep.activationBytes(u.item()) : 0;
            if (need > memoryBudget && memoryBudget > 0) {
                results.put(
                        u,
                        new Failure(prep.describeSize(u.item()) + " needs about " + bytes(need)
                                + " of activation memory in the model (estimated), over the budget of "
                                + bytes(memoryBudget)
                                + " (maxInferenceMemory): " + prep.remedy(u.item())));
                continue;
            }
            long padded = Math.max(largest, need);
            if (!call.isEmpty()
                    && (call.size() == limit || (memoryBudget > 0 && padded * (call.size() + 1) > memoryBudget))) {
                runCall(call, results, staging);
                call = new ArrayList<>(limit);
                padded = need;
            }
            call.add(u);
            largest = padded;
        }
        if (!call.isEmpty()) {
            runCall(call, results, staging);
        }
    }

    /** "1.5 GiB", "320.0 MiB", "300 bytes". */
    public static String bytes(long n) {
        if (n < 1L << 20) {
            return n + " bytes";
        }
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }

    private void runCall(List<Unit<P>> units, Map<Unit<P>, Object> results, TensorStaging staging) {
        List<P> items = new ArrayList<>(units.size());
        units.forEach(u -> items.add(u.item()));
        try {
            List<O> values = runChunk(items, staging);
            for (int k = 0; k < units.size(); k++) {
                results.put(units.get(k), values.get(k));
            }
        } catch (OrtException | RuntimeException e) {
            // A terminated call failed because its task was killed, not because of its rows.
            checkCancelled();
            // Find the row(s) the graph rejects instead of failing all of them.
            ROWS_RETRIED_ALONE.addAndGet(items.size());
            metrics.retriedRows.add(items.size());
            for (int k = 0; k < units.size(); k++) {
                try {
                    O v = items.size() == 1
                            ? rethrow(e)
                            : runChunk(List.of(items.get(k)), staging).get(0);
                    results.put(units.get(k), v);
                } catch (OrtException | RuntimeException single) {
                    results.put(units.get(k), new Failure("inference failed: " + reason(single)));
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
        Map<String, OnnxTensor> feed = prep.collate(items, rows, staging);
        RUNS.incrementAndGet();
        countPadding(items, rows);
        RunTerminator.Watch watch = cancelled == NEVER ? null : RunTerminator.watch(cancelled);
        CALLS_IN_FLIGHT.incrementAndGet();
        long start = System.nanoTime();
        try (OrtSession.Result result = model.run(feed, dec.outputs(), watch == null ? null : watch.options)) {
            long ran = System.nanoTime();
            metrics.inferenceNanos.add(ran - start);
            List<O> values = dec.decode(result, items);
            metrics.headNanos.add(System.nanoTime() - ran);
            if (values.size() != items.size()) {
                throw new IllegalStateException(
                        "codec decoded " + values.size() + " results for " + items.size() + " rows");
            }
            return values;
        } finally {
            CALLS_IN_FLIGHT.decrementAndGet();
            if (watch != null) {
                watch.close();
            }
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    /**
     * Counts a call: its model rows, and the elements it pads — every item is padded to the longest along the axis
     * {@link Preparation#sortKey} measures (tokens, samples; 1 where it measures nothing), filler rows included.
     */
    private void countPadding(List<P> items, int rows) {
        metrics.calls.increment();
        metrics.modelRows.add(items.size());
        long longest = 1;
        long real = 0;
        for (P item : items) {
            long n = Math.max(1, prep.sortKey(item));
            longest = Math.max(longest, n);
            real += n;
        }
        metrics.elements.add(longest * rows);
        metrics.padded.add(longest * rows - real);
    }

    /**
     * Applies {@code f} to every item on the shared pool and waits: for post-processing that is heavy per row
     * (segmentation maps), so a task uses the executor's idle cores while ONNX Runtime waits for the next batch.
     */
    public static <T, R> List<R> mapParallel(List<T> items, Function<T, R> f) {
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

package io.sparkformers.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.TinyOnnx;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a one-node graph (y = 2x) with a codec that records every ONNX Runtime call: results in input
 * order however rows are sorted into batches, a split row's pieces merged in order, batches cut to the memory
 * budget, rows over it refused with a reason, rows read ahead bounded, and a failing row found without failing
 * its batch mates.
 */
class BatchEngineTest {
    static OnnxModel doubler;

    @BeforeAll
    static void graph(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("doubler"));
        Files.write(
                dir.resolve("model.onnx"),
                new TinyOnnx()
                        .input("x", TinyOnnx.FLOAT, "batch", 1)
                        .node("Add", new String[] {"x", "x"}, new String[] {"y"})
                        .output("y", TinyOnnx.FLOAT, "batch", 1)
                        .model());
        doubler = SessionCache.get(
                ModelDirectory.open(dir.toString(), new Configuration(), false),
                new Configuration(),
                Device.CPU,
                new SessionCache.Options(1));
    }

    /** A row: its value, how many pieces it splits into (1: none), its activation cost and read-ahead size. */
    record In(int value, int pieces, long cost, long bytes) {
        static In of(int value) {
            return new In(value, 1, 0, 0);
        }
    }

    /** A prepared row or piece. */
    record Item(int value, int piece, int pieces, long cost) {}

    /** y = 2x per item; records the values of every call; value 13 makes a batch fail, negative values fail to prepare. */
    static final class Codec implements BatchCodec<In, Item, Object> {
        final List<List<Integer>> calls = new ArrayList<>();
        final List<Integer> rows = new ArrayList<>();
        boolean dropOne;
        Runnable beforeDecode = () -> {};
        /** Milliseconds each prepare, decode and merge takes: something for the engine's clocks to measure. */
        long sleepMs;

        void nap() {
            if (sleepMs > 0) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Item prepare(In in) throws Exception {
            nap();
            if (in.value() < 0) {
                throw new InvalidInputException("negative " + in.value());
            }
            return new Item(in.value(), -1, in.pieces(), in.cost());
        }

        @Override
        public List<Item> split(Item item) {
            if (item.pieces() == 1) {
                return null;
            }
            List<Item> pieces = new ArrayList<>();
            for (int k = 0; k < item.pieces(); k++) {
                // Later pieces sort first, so the engine runs them out of order.
                pieces.add(new Item(item.value() * 100 + k, k, 1, item.cost()));
            }
            return pieces;
        }

        @Override
        public Object merge(Item item, List<Object> pieces) {
            nap();
            return new ArrayList<>(pieces);
        }

        @Override
        public int sortKey(Item item) {
            return item.piece() >= 0 ? -item.piece() : item.value();
        }

        @Override
        public long activationBytes(Item item) {
            return item.cost();
        }

        @Override
        public String describeSize(Item item) {
            return "item " + item.value();
        }

        @Override
        public String remedy(Item item) {
            return "make it smaller";
        }

        @Override
        public long inputBytes(In in) {
            return in.bytes();
        }

        @Override
        public Map<String, OnnxTensor> collate(List<Item> items, int rows, TensorStaging staging) throws OrtException {
            List<Integer> values = new ArrayList<>();
            FloatBuffer x = staging.floats("x", rows);
            for (int i = 0; i < items.size(); i++) {
                x.put(i, items.get(i).value());
                values.add(items.get(i).value());
            }
            calls.add(values);
            this.rows.add(rows);
            return Map.of("x", TensorStaging.tensor(x, new long[] {rows, 1}));
        }

        @Override
        public Set<String> outputs() {
            return Set.of("y");
        }

        @Override
        public List<Object> decode(OrtSession.Result result, List<? extends Item> items) throws OrtException {
            beforeDecode.run();
            nap();
            Outputs.Batch y = Outputs.floats(result, "y");
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).value() == 13) {
                    throw new IllegalStateException("unlucky 13");
                }
                out.add((int) y.data()[i]);
            }
            return dropOne ? out.subList(1, out.size()) : out;
        }
    }

    static List<BatchEngine.Outcome<In, Object>> run(Codec codec, int batchSize, int window, long budget, List<In> in) {
        return new BatchEngine<>(doubler, codec, batchSize, 0, window, budget).runAll(in);
    }

    @Test
    void metricsCountRowsCallsAndPaddingAlongTheSortKey() {
        Codec codec = new Codec();
        BatchEngine<In, Item, Object> engine = new BatchEngine<>(doubler, codec, 2, 0, 8, 0);
        engine.runAll(List.of(In.of(5), In.of(1), In.of(4), In.of(2), In.of(3)));
        Map<String, Long> m = engine.metrics().values();
        assertEquals(5L, m.get(EngineMetrics.ROWS));
        assertEquals(0L, m.get(EngineMetrics.INVALID_ROWS));
        assertEquals(3L, m.get(EngineMetrics.CALLS), "[1, 2], [3, 4], [5]");
        assertEquals(5L, m.get(EngineMetrics.MODEL_ROWS));
        // Each call padded to its longest: 2 + 2, 4 + 4, 5 elements; 1 + 1 of them padding.
        assertEquals(17L, m.get(EngineMetrics.ELEMENTS));
        assertEquals(2L, m.get(EngineMetrics.PADDED));
        assertEquals(0L, m.get(EngineMetrics.RETRIED_ROWS));
        assertTrue(m.get(EngineMetrics.INFERENCE_US) > 0, m.toString());
        assertEquals(
                "5 rows (0 invalid), 3 ONNX Runtime calls of 1.7 model rows on average, 11.8 % padding, 0 rows retried"
                        + " alone; prepare ",
                EngineMetrics.describe(m).substring(0, EngineMetrics.describe(m).indexOf("prepare ") + 8));
    }

    @Test
    void metricsTimeWhereTheWorkHappened() {
        Codec codec = new Codec();
        codec.sleepMs = 3;
        BatchEngine<In, Item, Object> engine = new BatchEngine<>(doubler, codec, 2, 0, 8, 0);
        long start = System.nanoTime();
        engine.runAll(List.of(In.of(5), new In(3, 3, 0, 0), In.of(4)));
        long wallMicros = (System.nanoTime() - start) / 1000;
        Map<String, Long> m = engine.metrics().values();
        long calls = m.get(EngineMetrics.CALLS);
        assertEquals(3L, calls, "two rows and three pieces, in calls of at most 2");
        // Three prepares, then three decodes and one merge, each at least 3 ms; ONNX Runtime's share is the rest.
        assertTrue(m.get(EngineMetrics.PREPARE_US) >= 9_000, m.toString());
        assertTrue(m.get(EngineMetrics.PREPARE_US) <= wallMicros * 8, m + " in " + wallMicros + " µs");
        assertTrue(m.get(EngineMetrics.HEAD_US) >= 3_000 * (calls + 1), m.toString());
        assertTrue(m.get(EngineMetrics.HEAD_US) <= wallMicros, m + " in " + wallMicros + " µs");
        assertTrue(m.get(EngineMetrics.INFERENCE_US) > 0, m.toString());
        assertTrue(
                m.get(EngineMetrics.INFERENCE_US) + m.get(EngineMetrics.HEAD_US) <= wallMicros,
                m + " in " + wallMicros + " µs");
        assertTrue(EngineMetrics.describe(Map.of(
                        EngineMetrics.PREPARE_US, 1500L,
                        EngineMetrics.INFERENCE_US, 2500L,
                        EngineMetrics.HEAD_US, 500L))
                .endsWith("; prepare 1.5 ms, inference 2.5 ms, head 0.5 ms (summed over tasks)"));
    }

    @Test
    void callsInFlightAndTheirTerminationWatchLastAsLongAsTheCall() {
        Codec codec = new Codec();
        List<Integer> seen = new ArrayList<>();
        codec.beforeDecode = () -> {
            seen.add(BatchEngine.callsInFlight());
            seen.add(RunTerminator.active());
        };
        new BatchEngine<>(doubler, codec, 2, 0, 2, 0).runAll(List.of(In.of(1)));
        new BatchEngine<>(doubler, codec, 2, 0, 2, 0).cancelledWhen(() -> false).runAll(List.of(In.of(1)));
        assertEquals(List.of(1, 0, 1, 1), seen, "in flight while decoding; watched only where it can be cancelled");
        assertEquals(0, BatchEngine.callsInFlight());
        assertEquals(0, RunTerminator.active(), "every watch ends with its call");
    }

    @Test
    void metricsCountInvalidAndRetriedRows() {
        Codec codec = new Codec();
        BatchEngine<In, Item, Object> engine = new BatchEngine<>(doubler, codec, 8, 0, 8, 0);
        engine.runAll(List.of(In.of(13), In.of(1), In.of(-2)));
        Map<String, Long> m = engine.metrics().values();
        assertEquals(3L, m.get(EngineMetrics.ROWS));
        assertEquals(2L, m.get(EngineMetrics.INVALID_ROWS), "-2 fails to prepare, 13 to run");
        assertEquals(2L, m.get(EngineMetrics.RETRIED_ROWS), "the failed call's two rows, alone");
        assertEquals(3L, m.get(EngineMetrics.CALLS));
        assertEquals(4L, m.get(EngineMetrics.MODEL_ROWS));
        assertEquals(
                "0 rows (0 invalid), 0 ONNX Runtime calls of 0.0 model rows on average, 0.0 % padding, 0 rows"
                        + " retried alone; prepare 0.0 ms, inference 0.0 ms, head 0.0 ms (summed over tasks)",
                EngineMetrics.describe(Map.of()));
    }

    @Test
    void aCancelledRunStopsBeforeItsNextCallAndEndsEmpty() {
        Codec codec = new Codec();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        BatchEngine<In, Item, Object> engine = new BatchEngine<>(doubler, codec, 1, 0, 1, 0).cancelledWhen(stop::get);
        BatchEngine<In, Item, Object>.Run run =
                engine.run(List.of(In.of(1), In.of(2), In.of(3)).iterator());
        assertEquals(2, run.next().value());
        stop.set(true);
        Assertions.assertThrows(java.util.concurrent.CancellationException.class, run::hasNext);
        assertEquals(1, codec.calls.size(), "no call after the cancel");
        assertTrue(!run.hasNext(), "a cancelled run has nothing more");
        assertEquals(0, BatchEngine.callsInFlight());
    }

    @Test
    void aCallThatFailsBecauseItsWorkWasCancelledIsNotRetriedRowByRow() {
        Codec codec = new Codec();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        codec.beforeDecode = () -> {
            stop.set(true);
            throw new IllegalStateException("Exiting due to terminate flag being set to true");
        };
        long retried = BatchEngine.rowsRetriedAlone();
        BatchEngine<In, Item, Object> engine = new BatchEngine<>(doubler, codec, 4, 0, 4, 0).cancelledWhen(stop::get);
        BatchEngine<In, Item, Object>.Run run =
                engine.run(List.of(In.of(1), In.of(2), In.of(3)).iterator());
        Assertions.assertThrows(java.util.concurrent.CancellationException.class, run::hasNext);
        assertEquals(1, codec.calls.size(), "one call, not retried");
        assertEquals(retried, BatchEngine.rowsRetriedAlone());
        assertEquals(0L, engine.metrics().values().get(EngineMetrics.INVALID_ROWS));
        assertEquals(0, RunTerminator.active(), "the failed call's watch ended with it");
        assertEquals(0, BatchEngine.callsInFlight());
    }

    @Test
    void resultsComeBackInInputOrderWhateverTheBatches() {
        Codec codec = new Codec();
        List<In> in = List.of(In.of(5), In.of(1), In.of(4), In.of(2), In.of(3));
        List<BatchEngine.Outcome<In, Object>> out = run(codec, 2, 8, 0, in);
        assertEquals(
                List.of(10, 2, 8, 4, 6),
                out.stream().map(BatchEngine.Outcome::value).toList());
        assertEquals(
                List.of(List.of(1, 2), List.of(3, 4), List.of(5)), codec.calls, "sorted by size into batches of 2");
    }

    @Test
    void aSplitRowsPiecesAreMergedInOrder() {
        Codec codec = new Codec();
        List<BatchEngine.Outcome<In, Object>> out =
                run(codec, 2, 8, 0, List.of(In.of(7), new In(3, 5, 0, 0), In.of(9)));
        assertEquals(14, out.get(0).value());
        assertEquals(
                List.of(600, 602, 604, 606, 608), out.get(1).value(), "pieces in order, though they ran last-first");
        assertEquals(18, out.get(2).value());
        assertEquals(4, codec.calls.size(), "7 pieces and rows in calls of at most 2");
        assertTrue(codec.calls.stream().allMatch(c -> c.size() <= 2));
    }

    @Test
    void batchesHoldWhatFitsTheBudgetAndLargerRowsAreRefused() {
        Codec codec = new Codec();
        List<In> in = List.of(
                new In(1, 1, 100, 0),
                new In(2, 1, 100, 0),
                new In(3, 1, 300, 0),
                new In(4, 1, 100, 0),
                new In(5, 1, 100, 0),
                new In(6, 3, 300, 0));
        List<BatchEngine.Outcome<In, Object>> out = run(codec, 8, 8, 250, in);
        assertEquals(List.of(List.of(1, 2), List.of(4, 5)), codec.calls, "two rows of 100 fit 250, three do not");
        String refused = out.get(2).error();
        assertEquals(
                "item 3 needs about 300 bytes of activation memory in the model (estimated), over the budget of 250 "
                        + "bytes (maxInferenceMemory): make it smaller",
                refused);
        assertTrue(
                out.get(5).error().startsWith("piece 1: item 600 needs about"),
                out.get(5).error());
        assertNull(out.get(0).error());
        assertEquals(2, out.get(0).value());
    }

    @Test
    void rowsReadAheadAreBoundedByTheirPreparedSize() {
        Codec codec = new Codec();
        long big = 300L << 20;
        List<In> in = List.of(new In(1, 1, 0, big), new In(2, 1, 0, big), new In(3, 1, 0, big));
        run(codec, 4, 4, 1, in);
        assertEquals(3, codec.calls.size(), "each window holds one row of 300 MiB");
        Codec small = new Codec();
        run(small, 4, 4, 1, List.of(In.of(1), In.of(2), In.of(3)));
        assertEquals(1, small.calls.size());
    }

    @Test
    void aBadRowGetsItsReasonAndItsBatchMatesTheirResults() {
        Codec codec = new Codec();
        long retried = BatchEngine.rowsRetriedAlone();
        List<BatchEngine.Outcome<In, Object>> out =
                run(codec, 4, 4, 0, List.of(In.of(1), In.of(-2), In.of(13), In.of(4)));
        assertEquals(2, out.get(0).value());
        assertEquals("negative -2", out.get(1).error());
        assertEquals(
                "inference failed: IllegalStateException: unlucky 13",
                out.get(2).error());
        assertEquals(8, out.get(3).value());
        assertEquals(3, BatchEngine.rowsRetriedAlone() - retried, "the failed batch's rows were run one by one");
    }

    @Test
    void windowsAreSortedOnlyWhenLargerThanABatch() {
        Codec windows = new Codec();
        run(
                windows,
                2,
                4,
                0,
                List.of(
                        In.of(10), In.of(9), In.of(8), In.of(7), In.of(6), In.of(5), In.of(4), In.of(3), In.of(2),
                        In.of(1)));
        assertEquals(
                List.of(List.of(7, 8), List.of(9, 10), List.of(3, 4), List.of(5, 6), List.of(1, 2)),
                windows.calls,
                "windows of 4 rows, each sorted into batches of 2");
        Codec unsorted = new Codec();
        run(unsorted, 3, 3, 0, List.of(In.of(5), In.of(1), In.of(4)));
        assertEquals(List.of(List.of(5, 1, 4)), unsorted.calls, "a window of one batch keeps the input order");
    }

    @Test
    void budgetEdges() {
        Codec exact = new Codec();
        List<BatchEngine.Outcome<In, Object>> out =
                run(exact, 8, 8, 250, List.of(new In(1, 1, 125, 0), new In(2, 1, 125, 0), new In(3, 1, 250, 0)));
        assertEquals(
                List.of(List.of(1, 2), List.of(3)),
                exact.calls,
                "rows that fill the budget exactly share a call; one " + "that needs all of it runs alone");
        assertNull(out.get(2).error());
        long half = 128L << 20;
        Codec ahead = new Codec();
        run(ahead, 4, 4, 1, List.of(new In(1, 1, 0, half), new In(2, 1, 0, half), new In(3, 1, 0, half)));
        assertEquals(List.of(List.of(1, 2), List.of(3)), ahead.calls, "256 MiB read ahead: two rows of 128 MiB");
        Codec unbounded = new Codec();
        run(unbounded, 4, 4, 0, List.of(new In(1, 1, 999, 300L << 20), new In(2, 1, 999, 300L << 20)));
        assertEquals(List.of(List.of(1, 2)), unbounded.calls, "no budget: nothing bounds the window or the call");
    }

    @Test
    void staticBatchesArePaddedAndContractsAreChecked() throws Exception {
        Codec padded = new Codec();
        List<BatchEngine.Outcome<In, Object>> out = new BatchEngine<>(doubler, padded, 2, 4, 4, 0)
                .runAll(List.of(In.of(1), In.of(2), In.of(3), In.of(4), In.of(5)));
        assertEquals(List.of(4, 4), padded.rows, "a graph fixed at 4 rows gets 4 rows, the last call padded");
        assertEquals(
                List.of(2, 4, 6, 8, 10),
                out.stream().map(BatchEngine.Outcome::value).toList());

        Codec dropping = new Codec();
        dropping.dropOne = true;
        long calls = BatchEngine.runs();
        out = run(dropping, 2, 2, 0, List.of(In.of(1)));
        assertEquals(1, BatchEngine.runs() - calls, "a row alone that fails is not run again");
        assertTrue(
                out.get(0).error().contains("codec decoded 0 results for 1 rows"),
                out.get(0).error());

        Codec empty = new Codec();
        out = run(empty, 2, 2, 0, List.of(new In(4, 0, 0, 0)));
        assertEquals(List.of(), out.get(0).value(), "a row split into no pieces is merged from none");
        assertEquals(List.of(), empty.calls);

        Assertions.assertThrows(IllegalArgumentException.class, () -> new BatchEngine<>(doubler, new Codec(), 0, 0));
        assertEquals("RuntimeException", BatchEngine.reason(new RuntimeException()));
        assertEquals("IllegalStateException: why", BatchEngine.reason(new IllegalStateException("why")));
        assertEquals("the reason", BatchEngine.reason(new InvalidInputException("the reason")));
        assertEquals("1048575 bytes", BatchEngine.bytes((1L << 20) - 1));
        assertEquals("1.0 MiB", BatchEngine.bytes(1L << 20));
        assertEquals("1.0 GiB", BatchEngine.bytes(1L << 30));
    }
}

package io.sparkformers.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheTest {
    @Test
    void eightConcurrentCallersLoadOneSession(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.freshCopy(Fixtures.root().resolve("convnext-image-classification"), tmp);
        ModelDirectory md = ModelDirectory.open(dir.toString(), new Configuration());
        long before = SessionCache.loads();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OnnxModel>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(pool.submit(() -> {
                start.await();
                return SessionCache.get(md, new Configuration(), Device.CPU, new SessionCache.Options(1));
            }));
        }
        start.countDown();
        Set<OnnxModel> sessions = new HashSet<>();
        for (Future<OnnxModel> f : got) {
            sessions.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, sessions.size(), "all callers share one session");
        assertEquals(1, SessionCache.loads() - before, "exactly one load");
        OnnxModel m = sessions.iterator().next();
        assertSame(m, SessionCache.get(md, new Configuration(), Device.CPU, new SessionCache.Options(1)));
        SessionCache.get(md, new Configuration(), Device.CPU, new SessionCache.Options(2));
        assertEquals(2, SessionCache.loads() - before, "other session options are another session");
    }

    @Test
    void closedSessionFailsLoudly(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.freshCopy(Fixtures.root().resolve("convnext-image-classification"), tmp);
        ModelDirectory md = ModelDirectory.open(dir.toString(), new Configuration());
        OnnxModel m = SessionCache.get(md, new Configuration(), Device.CPU, new SessionCache.Options(1));
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.run(Map.of(), Set.of("logits")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        OnnxModel again = SessionCache.get(md, new Configuration(), Device.CPU, new SessionCache.Options(1));
        assertTrue(!again.isClosed() && again != m, "a closed session is replaced, not handed out");
    }

    @Test
    void cudaFailsFastWithoutTheGpuRuntime() {
        Assumptions.assumeFalse(Device.cudaProviderAvailable(), "this ORT build has CUDA");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.resolve("cuda"));
        assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
        assertEquals(Device.CPU, Device.resolve("auto"), "auto falls back to the CPU when there is no CUDA provider");
    }
}

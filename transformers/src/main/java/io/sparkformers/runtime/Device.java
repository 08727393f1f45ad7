package io.sparkformers.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.LoggerFactory;

/** Where a session runs: the CPU or one CUDA device, resolved on the executor that runs the task. */
public record Device(boolean cuda, int gpuId, boolean fallbackAllowed) implements Serializable {
    public static final Device CPU = new Device(false, -1, false);
    public static final String[] CHOICES = {"cpu", "cuda", "auto"};

    /**
     * Resolves a {@code device} param value in the calling executor. {@code cuda} fails fast when ONNX Runtime has no
     * CUDA provider (the CPU jar, or no driver); {@code auto} takes CUDA when available and the CPU otherwise.
     */
    public static Device resolve(String requested) {
        String r = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "cpu":
                return CPU;
            case "cuda":
                if (!cudaProviderAvailable()) {
                    throw new IllegalStateException(
                            "device=cuda but this ONNX Runtime has no CUDA execution provider (providers: "
                                    + OrtEnvironment.getAvailableProviders()
                                    + "); put com.microsoft.onnxruntime:onnxruntime_gpu on the "
                                    + "classpath (build with -Pgpu) instead of onnxruntime, or use device=cpu|auto");
                }
                return new Device(true, visibleGpu(), false);
            case "auto":
                return cudaProviderAvailable() && gpuVisible() ? new Device(true, visibleGpu(), true) : CPU;
            default:
                throw new IllegalArgumentException("device must be one of cpu|cuda|auto, got '" + requested + "'");
        }
    }

    public static boolean cudaProviderAvailable() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static boolean gpuVisible() {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible != null) {
            return !visible.isBlank() && !visible.trim().equals("-1");
        }
        return taskGpu() != null || new File("/dev/nvidia0").exists();
    }

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    /**
     * The CUDA device ONNX Runtime should use for the calling task: {@link #ortDeviceId} of the GPU address Spark's
     * scheduler assigned to the task and this executor's {@code CUDA_VISIBLE_DEVICES}. Logged once per mapping per
     * executor JVM.
     */
    public static int visibleGpu() {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        String address = taskGpu();
        int id = ortDeviceId(address, visible);
        if (LOGGED.add(address + "|" + visible)) {
            LoggerFactory.getLogger(Device.class)
                    .info(
                            "GPU address {} assigned by Spark runs on ONNX Runtime CUDA device {} (CUDA_VISIBLE_DEVICES={})",
                            address == null ? "(none)" : address,
                            id,
                            visible == null ? "(unset)" : visible);
        }
        return id;
    }

    /**
     * Maps the GPU address Spark assigned to a task to the device id ONNX Runtime numbers it by. CUDA numbers the
     * devices in {@code CUDA_VISIBLE_DEVICES} from 0 in the order listed, so an address listed there (by index or by
     * UUID, as discovery scripts report either) runs on its position; with the variable unset, the address is the
     * device id itself; with no address (no GPU scheduling), or an address not listed while a single device is
     * visible, device 0. An address that is not listed while several devices are visible cannot be placed and is
     * refused, rather than silently sharing another task's GPU.
     */
    public static int ortDeviceId(String address, String visible) {
        List<String> listed = new ArrayList<>();
        if (visible != null && !visible.isBlank()) {
            for (String v : visible.split(",")) {
                listed.add(v.trim());
            }
        }
        if (address == null || address.isBlank()) {
            return 0;
        }
        String a = address.trim();
        if (listed.isEmpty()) {
            try {
                return Integer.parseInt(a);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(
                        "GPU address '" + a + "' assigned by Spark is not a device index and "
                                + "CUDA_VISIBLE_DEVICES is unset: make the discovery script report indices, or set CUDA_VISIBLE_DEVICES");
            }
        }
        int at = listed.indexOf(a);
        if (at >= 0) {
            return at;
        }
        if (listed.size() == 1) {
            return 0;
        }
        throw new IllegalStateException("GPU address '" + a + "' assigned by Spark is not in CUDA_VISIBLE_DEVICES="
                + visible + ": the executor's discovery script and CUDA_VISIBLE_DEVICES must name the same GPUs");
    }

    /** The first GPU address Spark's scheduler assigned to the calling task, or null. */
    private static String taskGpu() {
        TaskContext tc = TaskContext.get();
        if (tc == null) {
            return null;
        }
        Map<String, ResourceInformation> res = tc.resourcesJMap();
        ResourceInformation gpu = res == null ? null : res.get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + gpuId : "cpu";
    }
}

package io.sparkformers.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** Where a session runs: the CPU or one CUDA device, resolved on the executor that runs the task. */
public record Device(boolean cuda, int gpuId, boolean fallbackAllowed) implements java.io.Serializable {
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
          throw new IllegalStateException("device=cuda but this ONNX Runtime has no CUDA execution provider (providers: "
              + OrtEnvironment.getAvailableProviders() + "); put com.microsoft.onnxruntime:onnxruntime_gpu on the "
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
    return taskGpu() >= 0 || new java.io.File("/dev/nvidia0").exists();
  }

  /**
   * {@code CUDA_VISIBLE_DEVICES} set: the executor was given its GPUs that way and ORT numbers them from 0.
   * Otherwise the GPU Spark's scheduler assigned to this task, otherwise 0.
   */
  static int visibleGpu() {
    String visible = System.getenv("CUDA_VISIBLE_DEVICES");
    if (visible != null && !visible.isBlank()) {
      return 0;
    }
    int task = taskGpu();
    return task >= 0 ? task : 0;
  }

  private static int taskGpu() {
    TaskContext tc = TaskContext.get();
    if (tc == null) {
      return -1;
    }
    Map<String, ResourceInformation> res = tc.resourcesJMap();
    ResourceInformation gpu = res == null ? null : res.get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return -1;
    }
    try {
      return Integer.parseInt(gpu.addresses()[0].trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return cuda ? "cuda:" + gpuId : "cpu";
  }
}

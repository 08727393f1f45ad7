/**
 * ONNX Runtime: one session per model and device per JVM, and the batch engine that runs a {@code Preparation} (an
 * input) and a {@code Decoding} (a head): it prepares ahead, bounds memory, batches pieces, merges a split row's
 * results, retries a failing batch row by row, counts what it did and stops when its work is cancelled. Step 5 of
 * source → codec → preprocess → batch → runtime → head → ml; knows nothing of tasks.
 */
package io.sparkformers.runtime;

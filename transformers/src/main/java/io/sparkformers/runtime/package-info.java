/**
 * ONNX Runtime: one session per model and device per JVM, the batch engine that prepares ahead, bounds memory,
 * batches, retries a failing batch row by row, counts what it did and stops when its work is cancelled. Step 5 of
 * source → codec → preprocess → batch → runtime → head → ml; knows nothing of tasks.
 */
package io.sparkformers.runtime;

/**
 * Inputs: a row prepared into model inputs (and split into the pieces the graph runs where one row makes several:
 * windows, chunks, choices), pieces collated into tensors — the input role of a stage, as transformers'
 * {@code ChunkPipeline.preprocess}. Step 4 of source → codec → preprocess → batch → runtime → head → ml; sees Spark
 * only as a Row.
 */
package io.sparkformers.batch;

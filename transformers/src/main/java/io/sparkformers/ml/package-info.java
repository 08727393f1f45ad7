/**
 * The Spark ML stages, each an input part ({@code ImageInput}, {@code AudioInput}, {@code TextInput}) and a head (the
 * {@code *Head} factories: the output role, as transformers' {@code ChunkPipeline.postprocess}), composed into what the
 * engine runs; Params, schemas, persistence, the executor side that runs the engine per partition, and the stage's
 * metrics as named accumulators. The end of source → codec → preprocess → batch → runtime → head → ml.
 */
package io.sparkformers.ml;

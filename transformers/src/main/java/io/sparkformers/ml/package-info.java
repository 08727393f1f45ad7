/**
 * The Spark ML stages: Params, schemas, persistence, the executor side that runs the engine per partition, and the
 * stage's metrics as named accumulators. The end of source → codec → preprocess → batch → runtime → head → ml.
 */
package io.sparkformers.ml;

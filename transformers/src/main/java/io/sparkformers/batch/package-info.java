/**
 * Batch codecs: a row prepared into model inputs (and split into pieces where it is too long), pieces collated into
 * tensors, outputs decoded back per row. Step 4 of source → codec → preprocess → batch → runtime → head → ml; sees
 * Spark only as a Row.
 */
package io.sparkformers.batch;

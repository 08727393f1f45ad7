/**
 * Post-processing as transformers' pipelines do it: classifier scores and top-k, pooling, token aggregation, answer
 * spans, CTC decoding, segmentation maps and RLE. Step 6 of source → codec → preprocess → batch → runtime → head →
 * ml; pure Java, no Spark.
 */
package io.sparkformers.head;

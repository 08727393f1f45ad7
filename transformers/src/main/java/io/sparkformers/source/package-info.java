/**
 * Where rows come from: a row's bytes or path (binaryFile, Spark's image source, a table of paths) read into what
 * the codecs decode. Step 1 of the flow source → codec → preprocess → batch → runtime → head → ml.
 */
package io.sparkformers.source;

/**
 * The model's processors reproduced: image processors (resize, crop, rescale, normalize, as transformers 4.37
 * resolves them from preprocessor_config.json), audio feature extractors and the tokenizer glue. Step 3 of source →
 * codec → preprocess → batch → runtime → head → ml; pure Java, no Spark.
 */
package io.sparkformers.preprocess;

-- sparkformers SQL. Scalar functions hf_<verb>_<object>(model, input...[, options map]) return a struct of the
-- task's columns and can go anywhere an expression can; table functions hf_<pipeline task>(model, table,
-- columns[, options map]) return the table with the task's columns. Both run in batches on the executors.
-- ${home} is the installation directory. Run:
--   bin/sparkformers sql --file examples/sql/classify-and-embed.sql
CREATE OR REPLACE TEMPORARY VIEW sentences AS
  SELECT value AS text FROM text.`${home}/examples/data/sentences.txt`;

SELECT text, hf_embed_text('classpath:io/sparkformers/jobs/default-model', text, map('normalize', 'true')).embedding AS embedding
FROM sentences
WHERE length(text) > 40
LIMIT 3;

SELECT text, embedding
FROM hf_feature_extraction('classpath:io/sparkformers/jobs/default-model', 'sentences', 'text',
                           map('normalize', 'true'))
LIMIT 3;

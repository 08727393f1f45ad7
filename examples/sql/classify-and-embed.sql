-- sparkformers SQL: the hf_<task> table functions take (model, table, columns[, options map]) and return the
-- table with the task's columns. ${home} is the installation directory. Run:
--   bin/sparkformers sql --file examples/sql/classify-and-embed.sql
CREATE OR REPLACE TEMPORARY VIEW sentences AS
  SELECT value AS text FROM text.`${home}/examples/data/sentences.txt`;

SELECT text, embedding
FROM hf_feature_extraction('classpath:io/sparkformers/jobs/default-model', 'sentences', 'text',
                           map('normalize', 'true'))
LIMIT 3;

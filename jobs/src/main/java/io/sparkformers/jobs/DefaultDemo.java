package io.sparkformers.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkformers.ml.TextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The embedded default: the bundled corpus through the bundled all-MiniLM-L6-v2, nearest pairs printed. */
final class DefaultDemo {
    static final String MODEL = "classpath:io/sparkformers/jobs/default-model";

    private DefaultDemo() {}

    static Path corpus() {
        Path p = Main.home().resolve("examples/data/sentences.txt");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("bundled corpus not found at " + p.toAbsolutePath()
                    + "; run from the repository root or through bin/sparkformers");
        }
        return p;
    }

    static void run(SparkSession spark) {
        Path corpus = corpus();
        System.out.printf(
                "sparkformers default: embedding %s with all-MiniLM-L6-v2 (%s) on %s%n",
                corpus, MODEL, spark.sparkContext().master());
        TextEmbedder embedder = new TextEmbedder()
                .setModelPath(MODEL)
                .setNormalize(true)
                .setPooling("mean")
                .setHandleInvalid("keep")
                .setErrorCol(InferenceJob.ERROR_COL);
        Progress progress = new Progress();
        spark.sparkContext().addSparkListener(progress);
        long t0 = System.nanoTime();
        List<Row> rows = embedder.transform(Inputs.table(spark, corpus.toString(), "text", "text"))
                .orderBy(col("id"))
                .select("id", "text", "embedding", InferenceJob.ERROR_COL)
                .collectAsList();
        double secs = (System.nanoTime() - t0) / 1e9;
        spark.sparkContext().removeSparkListener(progress);
        long errors = rows.stream().filter(r -> r.get(3) != null).count();
        int dims = rows.isEmpty() || rows.get(0).get(2) == null
                ? 0
                : ((Vector) rows.get(0).get(2)).size();
        System.out.printf(
                "done: %d rows in %.1f s (%.1f rows/s), %d errors, %d-dimensional unit vectors%n",
                rows.size(), secs, rows.size() / secs, errors, dims);
        if (!rows.isEmpty() && rows.get(0).get(2) != null) {
            double[] v = ((Vector) rows.get(0).get(2)).toArray();
            System.out.printf(
                    "first embedding (\"%s\"): [%.4f, %.4f, %.4f, %.4f, ...]%n",
                    rows.get(0).getString(1), v[0], v[1], v[2], v[3]);
        }
        System.out.println("most similar pairs (cosine):");
        for (String line : nearestPairs(rows, 5)) {
            System.out.println("  " + line);
        }
    }

    static List<String> nearestPairs(List<Row> rows, int k) {
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                if (rows.get(i).get(2) == null || rows.get(j).get(2) == null) {
                    continue;
                }
                double[] a = ((Vector) rows.get(i).get(2)).toArray();
                double[] b = ((Vector) rows.get(j).get(2)).toArray();
                double dot = 0;
                for (int d = 0; d < a.length; d++) {
                    dot += a[d] * b[d];
                }
                scored.add(new double[] {dot, i, j});
            }
        }
        scored.sort((x, y) -> Double.compare(y[0], x[0]));
        List<String> out = new ArrayList<>();
        for (double[] s : scored.subList(0, Math.min(k, scored.size()))) {
            out.add(String.format(
                    Locale.ROOT,
                    "%.3f  %s  <->  %s",
                    s[0],
                    rows.get((int) s[1]).getString(1),
                    rows.get((int) s[2]).getString(1)));
        }
        return out;
    }
}

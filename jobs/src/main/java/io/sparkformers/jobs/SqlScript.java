package io.sparkformers.jobs;

import io.sparkformers.sql.HfFunctions;
import io.sparkformers.sql.SparkformersExtensions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkformers sql FILE}: runs a script of SQL statements (separated by ';' at line ends, '--' comments)
 * with the {@code hf_*} functions (registered here unless the session has the extension), printing each query's result; {@code ${home}} stands for the
 * installation directory.
 */
final class SqlScript {
    private SqlScript() {}

    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    static void run(SparkSession spark, JobOptions o) throws IOException {
        Path file = Path.of(o.require("file"));
        if (!spark.conf().get("spark.sql.extensions", "").contains(SparkformersExtensions.class.getName())) {
            HfFunctions.register(spark);
        }
        String home = Main.home().toAbsolutePath().normalize().toString();
        for (String statement : statements(Files.readString(file).replace("${home}", home))) {
            System.out.println("sparkformers sql> " + statement.replace('\n', ' '));
            Dataset<Row> result = spark.sql(statement);
            if (result.columns().length > 0) {
                result.show(20, 60);
            }
        }
    }
}

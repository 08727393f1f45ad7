package io.sparkformers.task;

import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.StageParams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.spark.ml.param.Param;

/**
 * One task, as every front end sees it: its Hugging Face pipeline name (the command's task), its SQL table function
 * ({@code hf_<name>}) and scalar function, the stage that runs it, the values it reads and how the stage is pointed
 * at the columns holding them, and what it writes. The SQL functions, the command and the README's tables are all read
 * from {@link Tasks#ALL}.
 *
 * @param name the pipeline name: {@code image-classification}
 * @param scalarFunction the SQL scalar function: {@code hf_classify_image}
 * @param summary one line of help
 * @param source where a row's input comes from: media files, or the columns of a table
 * @param inputs the roles of the values read, in order; the first {@code required} are mandatory
 * @param types the Spark SQL types each role accepts ({@code binary | string}), the first the canonical one
 * @param outputs the columns added, as the README and the command's help list them
 */
public record Task(
        String name,
        String scalarFunction,
        String summary,
        Source source,
        List<String> inputs,
        List<String> types,
        int required,
        String outputs,
        Supplier<ModelStage<?>> stage,
        Binder binder)
        implements Serializable {

    /** Where the command reads a task's rows from. */
    public enum Source {
        /** Image files (or a table of their bytes or paths). */
        IMAGE_FILES("image files"),
        /** Audio files (or a table of their bytes or paths). */
        AUDIO_FILES("audio files"),
        /** Text columns of a table (.txt, .jsonl/.json, .parquet). */
        TEXT_TABLE("a table of texts"),
        /** Numeric columns of a table. */
        NUMERIC_TABLE("a table of numbers");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        public boolean files() {
            return this == IMAGE_FILES || this == AUDIO_FILES;
        }

        public String description() {
            return description;
        }
    }

    /** Points a stage at the columns holding the task's inputs, in the order of {@link #inputs()}. */
    public interface Binder extends BiConsumer<ModelStage<?>, String[]>, Serializable {}

    public Task {
        inputs = List.copyOf(inputs);
        types = List.copyOf(types);
        if (types.size() != inputs.size()) {
            throw new IllegalArgumentException(name + ": a type for each of " + inputs);
        }
        if (required < 1 || required > inputs.size()) {
            throw new IllegalArgumentException(name + ": " + required + " required inputs of " + inputs);
        }
    }

    /** The SQL table function: {@code hf_image_classification}. */
    public String tableFunction() {
        return "hf_" + name.replace('-', '_');
    }

    /** Whether the inputs after the required ones are a numbered list ({@code input1, input2, ...}). */
    public boolean variadic() {
        return inputs.size() - required > 1;
    }

    /** The inputs as written in usage lines: {@code text[, pair]}, {@code input1[, input2, ... input8]}. */
    public String inputList() {
        if (variadic()) {
            return String.join(", ", inputs.subList(0, required)) + "[, " + inputs.get(required) + ", ... "
                    + inputs.get(inputs.size() - 1) + "]";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i == 0 ? "" : i >= required ? "[, " : ", ").append(inputs.get(i));
        }
        sb.append("]".repeat(inputs.size() - required));
        return sb.toString();
    }

    /** The canonical Spark SQL type (DDL) of input {@code i}: the first of those it accepts. */
    public String canonicalType(int i) {
        return types.get(i).split("\\|")[0].trim();
    }

    /** The stage's class name: {@code ImageClassifier}. */
    public String stageName() {
        return stage.get().getClass().getSimpleName();
    }

    /**
     * The Params a user sets by name (SQL options, the command's flags): every Param of the stage but the model's path
     * and those that name its input columns, which the front ends bind from the task's inputs ({@code inputCol}
     * included where another Param names the input, as in question answering).
     */
    public List<String> options() {
        ModelStage<?> s = stage.get();
        Set<String> bound = boundParams(s);
        List<String> out = new ArrayList<>();
        for (Param<?> p : s.params()) {
            if (!bound.contains(p.name())
                    && !p.name().equals("modelPath")
                    && !p.name().equals("inputCol")) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The Params the binder sets, found by binding every input to a column of a distinct name. */
    private Set<String> boundParams(ModelStage<?> s) {
        String[] columns = new String[inputs.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = "\u0000" + i;
        }
        binder.accept(s, columns);
        Set<String> bound = new HashSet<>();
        for (Param<?> p : s.params()) {
            if (s.isSet(p)) {
                Object v = s.getOrDefault(p);
                boolean column = v instanceof String str
                        ? str.startsWith("\u0000")
                        : v instanceof String[] arr && arr.length > 0 && arr[0].startsWith("\u0000");
                if (column) {
                    bound.add(p.name());
                }
            }
        }
        return bound;
    }

    /** A fresh stage for {@code model} with {@code options} applied and its inputs read from {@code columns}. */
    public ModelStage<?> newStage(String model, Map<String, String> options, String[] columns, String where) {
        if (columns.length < required || columns.length > inputs.size()) {
            throw new IllegalArgumentException(
                    where + ": expected the columns " + inputList() + ", got " + Arrays.toString(columns));
        }
        ModelStage<?> s = stage.get();
        s.setModelPath(model);
        StageParams.apply(where, s, options);
        binder.accept(s, columns);
        return s;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", name, stageName());
    }
}

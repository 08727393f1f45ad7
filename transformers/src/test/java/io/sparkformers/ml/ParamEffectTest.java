package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.codec.Audio;
import io.sparkformers.codec.AudioDecoder;
import io.sparkformers.runtime.EngineMetrics;
import io.sparkformers.runtime.SessionCache;
import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Spark;
import io.sparkformers.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Param of every stage of the registry does something: set to another value it changes the stage's output
 * (columns, values, rows kept), what it refuses (a setting, a row), or what it ran (ONNX Runtime calls, padding, the
 * device, the session). Each stage runs on a fixture model of its task with rows built to show the difference (a bad
 * row for {@code handleInvalid}, texts of several lengths for {@code bucketing}, samples with a rate column for {@code
 * sampleRateCol}). A Param added to a stage without an alternative here fails, and so does one that changes nothing.
 */
class ParamEffectTest {
    @TempDir
    static Path tmp;

    /** What a stage did with its rows: all a Param can change, as text. */
    record Observation(
            String schema,
            List<String> rows,
            String refused,
            long calls,
            long padded,
            SortedSet<String> devices,
            long sessionsLoaded) {}

    /** A task's model, rows and the settings every alternative is compared against. */
    record Setup(Path model, Dataset<Row> rows, Map<String, Object> base) {}

    /** The value each Param is changed to (from the base settings or the stage's default), by Param name. */
    private static Object alternative(Task task, ModelStage<?> stage, String param, Setup setup) {
        return switch (param) {
            case "batchSize" -> 1;
            case "device" -> "cuda";
            case "errorCol" -> "why";
            case "handleInvalid" -> "skip";
            case "intraOpThreads" -> 2;
            case "maxInferenceMemory" -> 1L;
            case "vectorFormat" -> "array";
            case "inputCol", "pairCol" -> "other";
            case "maxPixels" -> 16L;
            case "maxSeconds" -> 0.05;
            case "sampleRateCol" -> "otherRate";
            case "maxLength" -> 5;
            case "bucketing" -> false;
            case "truncatedCol" -> "cut";
            case "outputCol" -> "renamed";
            case "pooling" -> "cls";
            case "normalize" -> true;
            case "hiddenStateCol" -> "hidden";
            case "rawPredictionCol",
                    "probabilityCol",
                    "predictionCol",
                    "predictedLabelCol",
                    "topKCol",
                    "framesCol",
                    "segmentsCol",
                    "segmentationCol" -> "";
            case "topK" -> 1;
            case "functionToApply" -> "none";
            case "aggregationStrategy" -> "simple";
            case "ignoreLabels" -> labels(setup.model());
            case "questionCol" -> "context";
            case "contextCol" -> "question";
            case "maxAnswerLength" -> 1;
            case "maxSeqLength" -> 32;
            case "docStride" -> 4;
            case "windows" -> false;
            case "handleImpossibleAnswer" -> true;
            case "alignToWords" -> false;
            case "choicesCol" -> "otherChoices";
            case "chunkLengthS" -> 0.0;
            case "strideLengthS" -> 0.01;
            case "skipSpecialTokens" -> true;
            case "subtask" -> "semantic";
            case "threshold" -> 0.99;
            case "maskThreshold" -> 0.99;
            case "overlapMaskAreaThreshold" -> 1.0;
            case "labelIdsToFuse" -> labelIds(setup.model());
            case "inputCols" -> new String[] {"other"};
            case "inputNames" -> new String[] {"absent"};
            case "outputNames" -> new String[] {"doubled"};
            case "outputCols" -> new String[] {"first", "second"};
            default -> {
                fail(task.name() + ": Param '" + param + "' has no alternative value in " + ParamEffectTest.class
                        + "; add one that shows what it does");
                yield null;
            }
        };
    }

    /**
     * Execution bounds whose effect only shows at sizes the fixtures do not reach (the session's threads on one task
     * core, the memory bound of inputs whose activations the preprocessor already bounds): for these the change must be
     * visible in validation — an out-of-range value is refused, naming the Param.
     */
    private static boolean onlyAtScale(Task task, String param) {
        return param.equals("maxInferenceMemory") && !task.source().equals(Task.Source.AUDIO_FILES);
    }

    @TestFactory
    Stream<DynamicTest> everyParamChangesWhatTheStageDoes() {
        return Tasks.ALL.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> check(t)));
    }

    private static void check(Task task) throws Exception {
        Setup setup = setup(task);
        ModelStage<?> stage = task.stage().get();
        stage.set(stage.getParam("modelPath"), setup.model().toString());
        setup.base().forEach((name, value) -> stage.set(stage.getParam(name), value));
        // The first run loads the model's session; the base is what a run does once it is loaded.
        observe(stage, setup.rows());
        Observation base = observe(stage, setup.rows());
        assertTrue(base.refused().isEmpty(), task.name() + " refused its base settings: " + base.refused());
        List<String> unchanged = new ArrayList<>();
        for (Param<?> p : stage.params()) {
            if (p.name().equals("modelPath")) {
                continue;
            }
            if (onlyAtScale(task, p.name())) {
                assertTrue(refusedNaming(stage, p), task.name() + ": " + p.name() + " takes any value");
                continue;
            }
            Object alt = alternative(task, stage, p.name(), setup);
            @SuppressWarnings("unchecked")
            ModelStage<?> changed = (ModelStage<?>) stage.copy(new ParamMap().put((Param<Object>) p, alt));
            if (base.equals(observe(changed, setup.rows()))) {
                unchanged.add(p.name() + "=" + (alt instanceof Object[] a ? Arrays.toString(a) : alt));
            }
        }
        assertTrue(unchanged.isEmpty(), task.name() + ": these settings change nothing the stage does: " + unchanged);
    }

    /** Whether a negative value of the numeric Param {@code p} is refused with its name. */
    private static boolean refusedNaming(ModelStage<?> stage, Param<?> p) {
        try {
            @SuppressWarnings("unchecked")
            Param<Object> any = (Param<Object>) p;
            stage.copy(new ParamMap().put(any, -1L));
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains(p.name());
        }
    }

    private static Observation observe(ModelStage<?> stage, Dataset<Row> rows) {
        long loads = SessionCache.loads();
        try {
            Dataset<Row> out = stage.transform(rows);
            List<String> values = new ArrayList<>();
            for (Row r : out.collectAsList()) {
                values.add(r.toString());
            }
            Map<String, Long> m = stage.metrics();
            return new Observation(
                    out.schema().simpleString(),
                    values,
                    "",
                    m.getOrDefault(EngineMetrics.CALLS, 0L),
                    m.getOrDefault(EngineMetrics.PADDED, 0L),
                    stage.devicesUsed(),
                    SessionCache.loads() - loads);
        } catch (Exception e) {
            // Spark wraps an executor's refusal in a job failure naming task ids; the refusal is the root cause.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new Observation("", List.of(), root.toString(), 0, 0, null, 0);
        }
    }

    /** Every label of the export's config.json. */
    private static String[] labels(Path model) {
        List<String> out = new ArrayList<>();
        Fixtures.json(model.resolve("config.json")).path("id2label").forEach(l -> out.add(l.asText()));
        return out.toArray(new String[0]);
    }

    private static int[] labelIds(Path model) {
        List<Integer> out = new ArrayList<>();
        Fixtures.json(model.resolve("config.json"))
                .path("id2label")
                .fieldNames()
                .forEachRemaining(k -> out.add(Integer.parseInt(k)));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Setup setup(Task task) throws IOException {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("device", "cpu");
        base.put("handleInvalid", "keep");
        base.put("batchSize", 2);
        switch (task.name()) {
            case "image-classification" -> {
                return new Setup(Fixtures.models("image-classification").get(0), images(), base);
            }
            case "image-feature-extraction" -> {
                return new Setup(Fixtures.models("image-features").get(0), images(), base);
            }
            case "image-segmentation" -> {
                base.put("threshold", 0.0);
                return new Setup(Fixtures.models("mask2former").get(0), images(), base);
            }
            case "feature-extraction" -> {
                return new Setup(Fixtures.models("text-features").get(0), texts(), base);
            }
            case "text-classification" -> {
                return new Setup(Fixtures.models("text-classification").get(0), texts(), base);
            }
            case "token-classification" -> {
                return new Setup(Fixtures.models("token-classification").get(0), texts(), base);
            }
            case "fill-mask" -> {
                return new Setup(Fixtures.models("fill-mask").get(0), maskedTexts(), base);
            }
            case "question-answering" -> {
                base.put("topK", 8);
                return new Setup(Fixtures.models("question-answering").get(0), questions(), base);
            }
            case "multiple-choice" -> {
                return new Setup(multipleChoiceModel(), choices(), base);
            }
            case "automatic-speech-recognition" -> {
                base.put("chunkLengthS", 0.25);
                return new Setup(Fixtures.models("ctc").get(0), clips(), base);
            }
            case "audio-classification" -> {
                return new Setup(Fixtures.models("audio-classification").get(0), clips(), base);
            }
            case "audio-frame-classification" -> {
                return new Setup(Fixtures.models("audio-frame-classification").get(0), clips(), base);
            }
            case "audio-xvector" -> {
                return new Setup(Fixtures.models("xvector").get(0), clips(), base);
            }
            case "onnx" -> {
                base.put("inputCol", "input");
                return new Setup(numericModel(), numbers(), base);
            }
            default -> throw new AssertionError("no rows for task " + task.name() + " in " + ParamEffectTest.class);
        }
    }

    /**
     * The rows in one partition, so that batch size and bucketing (batches formed within a partition) have rows to
     * group.
     */
    private static Dataset<Row> oneBatchWindow(List<Row> rows, StructType schema) {
        return Spark.session().createDataFrame(rows, schema).coalesce(1);
    }

    /** The list rotated by one: an "other" column of the same kind with other values in each row. */
    private static <T> List<T> rotated(List<T> values) {
        List<T> out = new ArrayList<>(values);
        Collections.rotate(out, 1);
        return out;
    }

    /** Image paths (one missing: an invalid row), and the same paths in another order. */
    private static Dataset<Row> images() {
        List<String> paths = new ArrayList<>();
        Fixtures.imageFiles().forEach(p -> paths.add(p.toString()));
        paths.add(tmp.resolve("missing.png").toString());
        List<String> other = rotated(paths);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            rows.add(RowFactory.create(i, paths.get(i), other.get(i)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("image", DataTypes.StringType)
                .add("other", DataTypes.StringType);
        return oneBatchWindow(rows, schema);
    }

    /** The fixture's texts (and a null: an invalid row), and the same texts in another order. */
    private static Dataset<Row> texts() {
        List<String> texts = new ArrayList<>();
        textsJson().path("texts").forEach(t -> texts.add(t.asText()));
        texts.add(null);
        return textTable(texts);
    }

    /** The fixture's fill-mask texts (twice), and one without a mask token (an invalid row). */
    private static Dataset<Row> maskedTexts() {
        List<String> texts = new ArrayList<>();
        // Twice over: texts of different lengths alternate, so sorting them into batches changes the padding.
        for (int round = 0; round < 2; round++) {
            textsJson().path("fill_mask").forEach(t -> texts.add(t.path("text").asText()));
        }
        texts.add(textsJson().path("texts").path("sentence").asText());
        return textTable(texts);
    }

    private static Dataset<Row> textTable(List<String> texts) {
        List<String> other = rotated(texts);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i), other.get(i)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("text", DataTypes.StringType)
                .add("other", DataTypes.StringType);
        return oneBatchWindow(rows, schema);
    }

    /** The fixture's questions, one over the long text (several windows), and a null context (an invalid row). */
    private static Dataset<Row> questions() {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        JsonNode qa = textsJson().path("question_answering");
        // The long context (several windows) between two short ones: a batch mixes lengths unless sorted.
        for (JsonNode q : qa) {
            rows.add(RowFactory.create(
                    i++, q.path("question").asText(), q.path("context").asText()));
            if (i == 1) {
                rows.add(RowFactory.create(
                        i++,
                        q.path("question").asText(),
                        textsJson().path("texts").path("long").asText()));
            }
        }
        rows.add(RowFactory.create(i, qa.get(0).path("question").asText(), null));
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("question", DataTypes.StringType)
                .add("context", DataTypes.StringType);
        return oneBatchWindow(rows, schema);
    }

    /** Prompts with their choices from the fixture's texts, other choices, and a row without choices (invalid). */
    private static Dataset<Row> choices() {
        JsonNode texts = textsJson().path("texts");
        List<Row> rows = new ArrayList<>();
        for (JsonNode q : textsJson().path("question_answering")) {
            rows.add(RowFactory.create(
                    rows.size(),
                    q.path("question").asText(),
                    texts.path("sentence").asText(),
                    List.of(q.path("context").asText(), texts.path("short").asText()),
                    List.of(texts.path("sentence").asText(), texts.path("long").asText(), "")));
        }
        rows.add(RowFactory.create(
                rows.size(), texts.path("short").asText(), texts.path("short").asText(), List.of(), List.of("")));
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("prompt", DataTypes.StringType)
                .add("other", DataTypes.StringType)
                .add("choices", DataTypes.createArrayType(DataTypes.StringType))
                .add("otherChoices", DataTypes.createArrayType(DataTypes.StringType));
        return oneBatchWindow(rows, schema);
    }

    /**
     * The fixture's clips as samples with their rate (and a null clip: an invalid row), the samples of the next clip,
     * and a second rate column reading every clip at twice its rate.
     */
    private static Dataset<Row> clips() throws IOException {
        List<float[]> samples = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        for (Path f : Fixtures.audioFiles()) {
            try {
                Audio a = AudioDecoder.decode(Files.readAllBytes(f), 3600);
                samples.add(a.samples());
                rates.add(a.sampleRate());
            } catch (io.sparkformers.runtime.InvalidInputException e) {
                // Clips the decoder refuses are the subject of other tests; this one needs playable clips.
            }
        }
        // A clip twice: graphs without an attention mask batch only clips of one length.
        samples.add(samples.get(0));
        rates.add(rates.get(0));
        List<float[]> other = rotated(samples);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            rows.add(
                    RowFactory.create(i, floats(samples.get(i)), rates.get(i), floats(other.get(i)), 2 * rates.get(i)));
        }
        rows.add(RowFactory.create(samples.size(), null, 16000, floats(other.get(0)), 16000));
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("audio", DataTypes.createArrayType(DataTypes.FloatType))
                .add("sampleRate", DataTypes.IntegerType)
                .add("other", DataTypes.createArrayType(DataTypes.FloatType))
                .add("otherRate", DataTypes.IntegerType);
        return oneBatchWindow(rows, schema);
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    /** Rows of numbers, the first two of one length (a batch of them), one of another, a null (an invalid row). */
    private static Dataset<Row> numbers() {
        List<Row> rows = List.of(
                RowFactory.create(0, List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)),
                RowFactory.create(1, List.of(11f, 12f, 13f), List.of(14f, 15f, 16f)),
                RowFactory.create(2, List.of(7f, 8f), List.of(9f, 10f)),
                RowFactory.create(3, null, List.of(1f)));
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("input", DataTypes.createArrayType(DataTypes.FloatType))
                .add("other", DataTypes.createArrayType(DataTypes.FloatType));
        return oneBatchWindow(rows, schema);
    }

    /** A graph of one input and two outputs: x + 1 and 2x. */
    private static Path numericModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("numeric"));
        Files.write(
                dir.resolve("model.onnx"),
                new TinyOnnx()
                        .input("x", TinyOnnx.FLOAT, "batch", "n")
                        .initializer("one", new long[] {}, 1f)
                        .initializer("two", new long[] {}, 2f)
                        .node("Add", new String[] {"x", "one"}, new String[] {"plus"})
                        .node("Mul", new String[] {"x", "two"}, new String[] {"doubled"})
                        .output("plus", TinyOnnx.FLOAT, "batch", "n")
                        .output("doubled", TinyOnnx.FLOAT, "batch", "n")
                        .model());
        return dir;
    }

    /** The text fixture's tokenizer and a graph scoring each choice by its token count (see MultipleChoiceTest). */
    private static Path multipleChoiceModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("multiple-choice"));
        if (!Files.exists(dir.resolve("model.onnx"))) {
            MultipleChoiceTest.writeModel(Fixtures.models("text-classification").get(0), dir);
        }
        return dir;
    }

    private static JsonNode textsJson() {
        return Fixtures.json(Fixtures.root().resolve("inputs/texts.json"));
    }
}

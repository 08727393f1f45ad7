package io.sparkformers.task;

import static io.sparkformers.task.Task.Source.AUDIO_FILES;
import static io.sparkformers.task.Task.Source.IMAGE_FILES;
import static io.sparkformers.task.Task.Source.NUMERIC_TABLE;
import static io.sparkformers.task.Task.Source.TEXT_TABLE;

import io.sparkformers.ml.AudioClassifier;
import io.sparkformers.ml.AudioFrameClassifier;
import io.sparkformers.ml.FillMask;
import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.ImageEmbedder;
import io.sparkformers.ml.ImageSegmenter;
import io.sparkformers.ml.InputColParams;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.MultipleChoice;
import io.sparkformers.ml.OnnxTransformer;
import io.sparkformers.ml.QuestionAnswerer;
import io.sparkformers.ml.SpeakerEmbedder;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.StageParams;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.ml.TextEmbedder;
import io.sparkformers.ml.TokenClassifier;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** The task registry: every task of the library, in the order the help and the README list them. */
public final class Tasks {
    private Tasks() {}

    private static final List<String> IMAGE = List.of("binary | string (path) | image struct");
    private static final List<String> AUDIO = List.of("binary | string (path) | array<float> (samples)");
    private static final String NUMBERS = "array<float> | array<double> | number | Vector";
    private static final String CLASSIFIER = "rawPrediction, probability, prediction, predictedLabel, topK";

    private static Task.Binder single() {
        return (s, c) -> ((InputColParams<?>) s).setInputCol(c[0]);
    }

    /** A task reading one column: an image or a clip (bytes or a path), or a text. */
    private static Task single(
            String name,
            String scalarFunction,
            String summary,
            Task.Source source,
            String outputs,
            Supplier<ModelStage<?>> stage) {
        String role = source == IMAGE_FILES ? "image" : source == AUDIO_FILES ? "audio" : "text";
        List<String> types = source == IMAGE_FILES ? IMAGE : source == AUDIO_FILES ? AUDIO : List.of("string");
        return new Task(name, scalarFunction, summary, source, List.of(role), types, 1, outputs, stage, single());
    }

    public static final List<Task> ALL = List.of(
            single(
                    "image-classification",
                    "hf_classify_image",
                    "logits, probabilities, label and top-k of an image",
                    IMAGE_FILES,
                    CLASSIFIER,
                    ImageClassifier::new),
            single(
                    "image-feature-extraction",
                    "hf_embed_image",
                    "image embedding (Vector)",
                    IMAGE_FILES,
                    "embedding",
                    ImageEmbedder::new),
            single(
                    "image-segmentation",
                    "hf_segment_image",
                    "segmentation map and COCO-RLE segments",
                    IMAGE_FILES,
                    "segmentation (int16 map), segments (COCO RLE)",
                    ImageSegmenter::new),
            single(
                    "feature-extraction",
                    "hf_embed_text",
                    "text embedding (Vector)",
                    TEXT_TABLE,
                    "embedding",
                    TextEmbedder::new),
            new Task(
                    "text-classification",
                    "hf_classify_text",
                    "classification of a text or a (text, pair)",
                    TEXT_TABLE,
                    List.of("text", "pair"),
                    List.of("string", "string"),
                    1,
                    CLASSIFIER,
                    TextClassifier::new,
                    (s, c) -> {
                        ((TextClassifier) s).setInputCol(c[0]);
                        if (c.length > 1) {
                            ((TextClassifier) s).setPairCol(c[1]);
                        }
                    }),
            single(
                    "token-classification",
                    "hf_classify_tokens",
                    "entities with character offsets",
                    TEXT_TABLE,
                    "entities",
                    TokenClassifier::new),
            single(
                    "fill-mask",
                    "hf_fill_mask",
                    "top-k fillers of every mask token",
                    TEXT_TABLE,
                    "masks",
                    FillMask::new),
            new Task(
                    "question-answering",
                    "hf_answer_question",
                    "answers to a question in a context",
                    TEXT_TABLE,
                    List.of("question", "context"),
                    List.of("string", "string"),
                    2,
                    "answers",
                    QuestionAnswerer::new,
                    (s, c) -> ((QuestionAnswerer) s).setQuestionCol(c[0]).setContextCol(c[1])),
            new Task(
                    "multiple-choice",
                    "hf_score_choices",
                    "scores of each choice (array<string>) for a prompt",
                    TEXT_TABLE,
                    List.of("prompt", "choices"),
                    List.of("string", "array<string>"),
                    2,
                    "rawPrediction, probability, prediction (chosen index), predictedLabel (chosen choice), topK",
                    MultipleChoice::new,
                    (s, c) -> ((MultipleChoice) s).setInputCol(c[0]).setChoicesCol(c[1])),
            single(
                    "automatic-speech-recognition",
                    "hf_transcribe",
                    "CTC transcript of audio",
                    AUDIO_FILES,
                    "transcription",
                    SpeechRecognizer::new),
            single(
                    "audio-classification",
                    "hf_classify_audio",
                    "audio classification",
                    AUDIO_FILES,
                    CLASSIFIER,
                    AudioClassifier::new),
            single(
                    "audio-frame-classification",
                    "hf_classify_audio_frames",
                    "per-frame labels and segments",
                    AUDIO_FILES,
                    "frameLabels, segments (seconds)",
                    AudioFrameClassifier::new),
            single(
                    "audio-xvector",
                    "hf_embed_speaker",
                    "speaker embedding (Vector)",
                    AUDIO_FILES,
                    "embedding",
                    SpeakerEmbedder::new),
            new Task(
                    "onnx",
                    "hf_run_onnx",
                    "any ONNX graph: numeric inputs in graph order, every output as array<float>",
                    NUMERIC_TABLE,
                    List.of("input1", "input2", "input3", "input4", "input5", "input6", "input7", "input8"),
                    Collections.nCopies(8, NUMBERS),
                    1,
                    "one array<float> column per graph output",
                    OnnxTransformer::new,
                    (s, c) -> ((OnnxTransformer) s).setInputCols(c)));

    /** The task of that pipeline name; an unknown name is refused with the list of the known ones. */
    public static Task named(String name) {
        for (Task t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; expected one of " + names());
    }

    public static List<String> names() {
        return ALL.stream().map(Task::name).toList();
    }

    /** The README's table of tasks: one row per task, with its functions, inputs, stage and output columns. */
    public static String markdownTable() {
        return table(
                List.of("task (command)", "SQL scalar / table function", "reads", "stage", "adds"),
                t -> List.of(
                        "`" + t.name() + "`",
                        "`" + t.scalarFunction() + "` / `" + t.tableFunction() + "`",
                        t.source().description() + ": " + typedInputs(t),
                        "`" + t.stageName() + "`",
                        t.outputs()));
    }

    /** The README's table of options: each task's Params as the command's flags. */
    public static String markdownOptions() {
        return table(
                List.of("task", "options (`--kebab-case` on the command, `snake_case` in SQL's options map)"),
                t -> List.of(
                        "`" + t.name() + "`",
                        String.join(
                                ", ",
                                t.options().stream()
                                        .map(o -> "`" + StageParams.kebab(o) + "`")
                                        .toList())));
    }

    /** "text (string)[, pair (string)]": the inputs with their types; a Markdown cell holds no bare '|'. */
    private static String typedInputs(Task t) {
        StringBuilder typed = new StringBuilder();
        for (int i = 0; i < t.inputs().size() && i <= t.required(); i++) {
            String input = t.inputs().get(i) + " (" + t.types().get(i).replace(" | ", " or ") + ")";
            typed.append(i == 0 ? "" : i >= t.required() ? "[, " : ", ").append(input);
        }
        if (t.inputs().size() > t.required()) {
            typed.append(t.variadic() ? ", ... " + t.inputs().get(t.inputs().size() - 1) + "]" : "]");
        }
        return typed.toString();
    }

    /** A Markdown table: the header, then one row per task. */
    private static String table(List<String> header, java.util.function.Function<Task, List<String>> row) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|---".repeat(header.size())).append("|\n");
        for (Task t : ALL) {
            sb.append("| ").append(String.join(" | ", row.apply(t))).append(" |\n");
        }
        return sb.toString();
    }
}

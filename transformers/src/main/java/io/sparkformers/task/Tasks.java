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

    public static final List<Task> ALL = List.of(
            new Task(
                    "image-classification",
                    "hf_classify_image",
                    "logits, probabilities, label and top-k of an image",
                    IMAGE_FILES,
                    List.of("image"),
                    IMAGE,
                    1,
                    CLASSIFIER,
                    ImageClassifier::new,
                    single()),
            new Task(
                    "image-feature-extraction",
                    "hf_embed_image",
                    "image embedding (Vector)",
                    IMAGE_FILES,
                    List.of("image"),
                    IMAGE,
                    1,
                    "embedding",
                    ImageEmbedder::new,
                    single()),
            new Task(
                    "image-segmentation",
                    "hf_segment_image",
                    "segmentation map and COCO-RLE segments",
                    IMAGE_FILES,
                    List.of("image"),
                    IMAGE,
                    1,
                    "segmentation (int16 map), segments (COCO RLE)",
                    ImageSegmenter::new,
                    single()),
            new Task(
                    "feature-extraction",
                    "hf_embed_text",
                    "text embedding (Vector)",
                    TEXT_TABLE,
                    List.of("text"),
                    List.of("string"),
                    1,
                    "embedding",
                    TextEmbedder::new,
                    single()),
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
            new Task(
                    "token-classification",
                    "hf_classify_tokens",
                    "entities with character offsets",
                    TEXT_TABLE,
                    List.of("text"),
                    List.of("string"),
                    1,
                    "entities",
                    TokenClassifier::new,
                    single()),
            new Task(
                    "fill-mask",
                    "hf_fill_mask",
                    "top-k fillers of every mask token",
                    TEXT_TABLE,
                    List.of("text"),
                    List.of("string"),
                    1,
                    "masks",
                    FillMask::new,
                    single()),
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
                    "rawPrediction, probability, prediction (chosen index)",
                    MultipleChoice::new,
                    (s, c) -> {
                        ((MultipleChoice) s).setInputCol(c[0]).setChoicesCol(c[1]);
                    }),
            new Task(
                    "automatic-speech-recognition",
                    "hf_transcribe",
                    "CTC transcript of audio",
                    AUDIO_FILES,
                    List.of("audio"),
                    AUDIO,
                    1,
                    "transcription",
                    SpeechRecognizer::new,
                    single()),
            new Task(
                    "audio-classification",
                    "hf_classify_audio",
                    "audio classification",
                    AUDIO_FILES,
                    List.of("audio"),
                    AUDIO,
                    1,
                    CLASSIFIER,
                    AudioClassifier::new,
                    single()),
            new Task(
                    "audio-frame-classification",
                    "hf_classify_audio_frames",
                    "per-frame labels and segments",
                    AUDIO_FILES,
                    List.of("audio"),
                    AUDIO,
                    1,
                    "frameLabels, segments (seconds)",
                    AudioFrameClassifier::new,
                    single()),
            new Task(
                    "audio-xvector",
                    "hf_embed_speaker",
                    "speaker embedding (Vector)",
                    AUDIO_FILES,
                    List.of("audio"),
                    AUDIO,
                    1,
                    "embedding",
                    SpeakerEmbedder::new,
                    single()),
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

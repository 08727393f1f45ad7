package io.sparkformers.sql;

import io.sparkformers.ml.AudioClassifier;
import io.sparkformers.ml.AudioFrameClassifier;
import io.sparkformers.ml.FillMask;
import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.ImageEmbedder;
import io.sparkformers.ml.ImageSegmenter;
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
import java.io.Serializable;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One task as SQL sees it: its table function ({@code hf_<pipeline task>}), its scalar function
 * ({@code hf_<verb>_<object>}), the values it reads (the first {@code required} of {@code inputs} are mandatory)
 * and how the stage is told which columns hold them.
 */
record SqlTask(String tableFunction, String scalarFunction, String usage, List<String> inputs, int required,
    Supplier<ModelStage<?>> stage, Binder binder) implements Serializable {

  /** Points a stage at the columns holding the task's inputs, in the order of {@link #inputs()}. */
  interface Binder extends BiConsumer<ModelStage<?>, String[]>, Serializable {}

  private static Binder single() {
    return (s, c) -> s.setInputCol(c[0]);
  }

  static final List<SqlTask> ALL = List.of(
      new SqlTask("hf_image_classification", "hf_classify_image", "logits, probabilities, label and top-k of an image",
          List.of("image"), 1, ImageClassifier::new, single()),
      new SqlTask("hf_image_feature_extraction", "hf_embed_image", "image embedding (Vector)",
          List.of("image"), 1, ImageEmbedder::new, single()),
      new SqlTask("hf_image_segmentation", "hf_segment_image", "segmentation map and COCO-RLE segments",
          List.of("image"), 1, ImageSegmenter::new, single()),
      new SqlTask("hf_feature_extraction", "hf_embed_text", "text embedding (Vector)",
          List.of("text"), 1, TextEmbedder::new, single()),
      new SqlTask("hf_text_classification", "hf_classify_text", "classification of a text or a (text, pair)",
          List.of("text", "pair"), 1, TextClassifier::new, (s, c) -> {
            s.setInputCol(c[0]);
            if (c.length > 1) {
              ((TextClassifier) s).setPairCol(c[1]);
            }
          }),
      new SqlTask("hf_token_classification", "hf_classify_tokens", "entities with character offsets",
          List.of("text"), 1, TokenClassifier::new, single()),
      new SqlTask("hf_fill_mask", "hf_fill_mask", "top-k fillers of every mask token",
          List.of("text"), 1, FillMask::new, single()),
      new SqlTask("hf_question_answering", "hf_answer_question", "answers to a question in a context",
          List.of("question", "context"), 2, QuestionAnswerer::new,
          (s, c) -> ((QuestionAnswerer) s).setQuestionCol(c[0]).setContextCol(c[1])),
      new SqlTask("hf_multiple_choice", "hf_score_choices", "scores of each choice (array<string>) for a prompt",
          List.of("prompt", "choices"), 2, MultipleChoice::new, (s, c) -> {
            s.setInputCol(c[0]);
            ((MultipleChoice) s).setChoicesCol(c[1]);
          }),
      new SqlTask("hf_automatic_speech_recognition", "hf_transcribe", "CTC transcript of audio",
          List.of("audio"), 1, SpeechRecognizer::new, single()),
      new SqlTask("hf_audio_classification", "hf_classify_audio", "audio classification",
          List.of("audio"), 1, AudioClassifier::new, single()),
      new SqlTask("hf_audio_frame_classification", "hf_classify_audio_frames", "per-frame labels and segments",
          List.of("audio"), 1, AudioFrameClassifier::new, single()),
      new SqlTask("hf_audio_xvector", "hf_embed_speaker", "speaker embedding (Vector)",
          List.of("audio"), 1, SpeakerEmbedder::new, single()),
      new SqlTask("hf_onnx", "hf_run_onnx", "any ONNX graph: numeric inputs in graph order, every output as array<float>",
          List.of("input1", "input2", "input3", "input4", "input5", "input6", "input7", "input8"), 1,
          OnnxTransformer::new, (s, c) -> ((OnnxTransformer) s).setInputCols(c)));

  /** The inputs as written in usage lines: {@code text[, pair]}. */
  String inputList() {
    if (inputs.size() - required > 1) {
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

  /** A fresh stage for {@code model} with {@code options} applied and its inputs read from {@code columns}. */
  ModelStage<?> newStage(String model, java.util.Map<String, String> options, String[] columns, String function) {
    ModelStage<?> s = stage.get();
    s.setModelPath(model);
    StageParams.apply(function, s, options);
    binder.accept(s, columns);
    return s;
  }
}

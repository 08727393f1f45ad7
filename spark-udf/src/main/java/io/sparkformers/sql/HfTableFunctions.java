package io.sparkformers.sql;

import io.sparkformers.ml.AudioClassifier;
import io.sparkformers.ml.AudioFrameClassifier;
import io.sparkformers.ml.FillMask;
import io.sparkformers.ml.ImageClassifier;
import io.sparkformers.ml.ImageEmbedder;
import io.sparkformers.ml.ImageSegmenter;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.MultipleChoice;
import io.sparkformers.ml.QuestionAnswerer;
import io.sparkformers.ml.SpeakerEmbedder;
import io.sparkformers.ml.SpeechRecognizer;
import io.sparkformers.ml.TextClassifier;
import io.sparkformers.ml.TextEmbedder;
import io.sparkformers.ml.TokenClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.MapData;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One SQL table function per task, named {@code hf_<pipeline task>} with underscores:
 * {@code SELECT * FROM hf_image_classification('s3a://models/convnext', 'images', 'content', map('top_k', '3'))}.
 * Arguments: the export directory, a table or view name, its input column(s) (comma-separated where a task reads
 * two: question/context, text/pair, prompt/choices), and optional stage options as {@code map<string,string>}
 * (snake_case Param names: {@code top_k}, {@code batch_size}, {@code device}, {@code handle_invalid},
 * {@code error_col}, ...). The result is the table with the stage's columns added, computed by the stage itself —
 * batched on the executors exactly like the DataFrame API, never one ONNX Runtime call per row.
 */
public final class HfTableFunctions {
  /** A task's function name, summary and how its stage reads the column argument. */
  record Task(String name, String usage, Supplier<ModelStage<?>> stage, BiConsumer<ModelStage<?>, String[]> columns) {}

  private static BiConsumer<ModelStage<?>, String[]> single() {
    return (s, c) -> s.setInputCol(c[0]);
  }

  static final List<Task> TASKS = List.of(
      new Task("hf_image_classification", "logits, probabilities, label and top-k of image columns", ImageClassifier::new, single()),
      new Task("hf_image_feature_extraction", "image embeddings (Vector)", ImageEmbedder::new, single()),
      new Task("hf_image_segmentation", "segmentation map and COCO-RLE segments", ImageSegmenter::new, single()),
      new Task("hf_feature_extraction", "text embeddings (Vector)", TextEmbedder::new, single()),
      new Task("hf_text_classification", "text (or text,pair) classification", TextClassifier::new, (s, c) -> {
        s.setInputCol(c[0]);
        if (c.length > 1) {
          ((TextClassifier) s).setPairCol(c[1]);
        }
      }),
      new Task("hf_token_classification", "entities with character offsets", TokenClassifier::new, single()),
      new Task("hf_fill_mask", "top-k fillers of every mask token", FillMask::new, single()),
      new Task("hf_question_answering", "answers; columns 'question,context'", QuestionAnswerer::new, (s, c) -> {
        need(c, 2, "question,context");
        ((QuestionAnswerer) s).setQuestionCol(c[0]).setContextCol(c[1]);
      }),
      new Task("hf_multiple_choice", "choice scores; columns 'prompt,choices'", MultipleChoice::new, (s, c) -> {
        need(c, 2, "prompt,choices");
        ((MultipleChoice) s).setInputCol(c[0]);
        ((MultipleChoice) s).setChoicesCol(c[1]);
      }),
      new Task("hf_automatic_speech_recognition", "CTC transcripts of audio columns", SpeechRecognizer::new, single()),
      new Task("hf_audio_classification", "audio classification", AudioClassifier::new, single()),
      new Task("hf_audio_frame_classification", "per-frame labels and segments", AudioFrameClassifier::new, single()),
      new Task("hf_audio_xvector", "speaker embeddings (Vector)", SpeakerEmbedder::new, single()));

  private HfTableFunctions() {}

  private static void need(String[] columns, int n, String what) {
    if (columns.length != n) {
      throw new IllegalArgumentException("expected " + n + " comma-separated columns (" + what + "), got " + Arrays.toString(columns));
    }
  }

  /** Registers every function in {@code spark}'s session (the path without {@code spark.sql.extensions}). */
  public static void register(SparkSession spark) {
    var registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().tableFunctionRegistry();
    for (Task t : TASKS) {
      registry.registerFunction(FunctionIdentifier.apply(t.name()), info(t), builder(t));
    }
  }

  static ExpressionInfo info(Task t) {
    return new ExpressionInfo(HfTableFunctions.class.getName(), null, t.name(),
        t.name() + "(model, table, columns[, options]) - " + t.usage(), "", "", "", "table_funcs", "", "", "java_udf");
  }

  static scala.Function1<scala.collection.immutable.Seq<Expression>, LogicalPlan> builder(Task t) {
    return new scala.runtime.AbstractFunction1<>() {
      @Override
      public LogicalPlan apply(scala.collection.immutable.Seq<Expression> args) {
        return plan(t, CollectionConverters.asJava(args));
      }
    };
  }

  static LogicalPlan plan(Task t, List<Expression> args) {
    if (args.size() < 3 || args.size() > 4) {
      throw new IllegalArgumentException(t.name() + " takes (model, table, columns[, options map]), got " + args.size()
          + " arguments");
    }
    String model = string(t, args.get(0), "model");
    String table = string(t, args.get(1), "table");
    String[] columns = Arrays.stream(string(t, args.get(2), "columns").split(",")).map(String::trim).toArray(String[]::new);
    ModelStage<?> stage = t.stage().get();
    stage.setModelPath(model);
    t.columns().accept(stage, columns);
    if (args.size() == 4) {
      apply(t, stage, options(t, args.get(3)));
    }
    SparkSession spark = SparkSession.active();
    Dataset<Row> out = stage.transform(spark.table(table));
    return ((org.apache.spark.sql.classic.Dataset<Row>) out).logicalPlan();
  }

  private static String string(Task t, Expression e, String what) {
    if (!e.foldable()) {
      throw new IllegalArgumentException(t.name() + ": the " + what + " argument must be a constant string");
    }
    Object v = e.eval(null);
    if (v == null) {
      throw new IllegalArgumentException(t.name() + ": the " + what + " argument is null");
    }
    return v.toString();
  }

  private static Map<String, String> options(Task t, Expression e) {
    if (!e.foldable()) {
      throw new IllegalArgumentException(t.name() + ": options must be a constant map('key', 'value', ...)");
    }
    Object v = e.eval(null);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof MapData m) {
      for (int i = 0; i < m.numElements(); i++) {
        out.put(m.keyArray().getUTF8String(i).toString(), String.valueOf(m.valueArray().getUTF8String(i)));
      }
      return out;
    }
    throw new IllegalArgumentException(t.name() + ": options must be map<string, string>");
  }

  /** Sets Params from snake_case (or camelCase) names, parsed by each Param's type. */
  static void apply(Task t, ModelStage<?> stage, Map<String, String> options) {
    for (Map.Entry<String, String> o : options.entrySet()) {
      String name = camel(o.getKey());
      if (!stage.hasParam(name)) {
        List<String> known = new ArrayList<>();
        Arrays.stream(stage.params()).forEach(p -> known.add(p.name()));
        throw new IllegalArgumentException(t.name() + ": unknown option '" + o.getKey() + "' (Params: " + known + ")");
      }
      Param<?> p = stage.getParam(name);
      String v = o.getValue();
      Object value;
      try {
        if (p instanceof IntParam) {
          value = Integer.parseInt(v.trim());
        } else if (p instanceof LongParam) {
          value = Long.parseLong(v.trim());
        } else if (p instanceof DoubleParam) {
          value = Double.parseDouble(v.trim());
        } else if (p instanceof BooleanParam) {
          value = Boolean.parseBoolean(v.trim());
        } else if (p instanceof StringArrayParam) {
          value = v.isBlank() ? new String[0] : Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new);
        } else if (p instanceof IntArrayParam) {
          value = v.isBlank() ? new int[0] : Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } else {
          value = v;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(t.name() + ": option '" + o.getKey() + "' = '" + v + "' is not a valid value", e);
      }
      @SuppressWarnings("unchecked")
      Param<Object> typed = (Param<Object>) p;
      stage.set(typed, value);
    }
  }

  static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  /** The function names, one per task. */
  public static List<String> names() {
    return TASKS.stream().map(Task::name).toList();
  }

  static String describe() {
    StringBuilder sb = new StringBuilder();
    for (Task t : TASKS) {
      sb.append(String.format(Locale.ROOT, "%-34s %s%n", t.name() + "(...)", t.usage()));
    }
    return sb.toString();
  }
}

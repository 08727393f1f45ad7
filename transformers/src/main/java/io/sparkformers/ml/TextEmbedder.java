package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import io.sparkformers.text.Pooling;
import io.sparkformers.text.TextBatchCodec;
import io.sparkformers.text.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Sentence embeddings from any encoder export (Data2Vec-Text, BERT, RoBERTa, sentence-transformers' MiniLM, ...):
 * the export's {@code tokenizer.json}, truncation to the model's maximum length, batches padded to their longest
 * row, then {@code cls}, {@code mean} or the graph's {@code pooler} output, optionally L2-normalised, as a Spark ML
 * {@code Vector}.
 */
public class TextEmbedder extends ModelStage<TextEmbedder> {
  private static final long serialVersionUID = 1L;
  static final String HIDDEN = "last_hidden_state";
  static final String POOLER = "pooler_output";

  private final Param<String> outputCol = new Param<>(this, "outputCol", "embedding column, a Vector (default embedding)");
  private final Param<String> pooling = new Param<>(this, "pooling",
      "cls | mean | pooler (default mean): first token, mean over real tokens, or the graph's pooler_output",
      ParamValidators.inArray(Pooling.NAMES));
  private final BooleanParam normalize = new BooleanParam(this, "normalize", "scale embeddings to unit L2 norm (default false)");
  private final IntParam maxLength = new IntParam(this, "maxLength",
      "tokens per text including special tokens; longer texts are truncated (default 0 = the model's own limit from "
          + "tokenizer_config.json / tokenizer.json / config.json)", ParamValidators.gtEq(0));

  public TextEmbedder() {
    this(Identifiable.randomUID("textEmbedder"));
  }

  public TextEmbedder(String uid) {
    super(uid);
    setDefault(inputCol(), "text");
    setDefault(outputCol, "embedding");
    setDefault(pooling, "mean");
    setDefault(normalize, false);
    setDefault(maxLength, 0);
  }

  public static MLReader<TextEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  public static TextEmbedder load(String path) {
    return read().load(path);
  }

  public Param<String> outputCol() { return outputCol; }
  public Param<String> pooling() { return pooling; }
  public BooleanParam normalize() { return normalize; }
  public IntParam maxLength() { return maxLength; }

  public TextEmbedder setOutputCol(String v) { return setParam(outputCol, v); }
  public TextEmbedder setPooling(String v) { return setParam(pooling, v); }
  public TextEmbedder setNormalize(boolean v) { return setParam(normalize, v); }
  public TextEmbedder setMaxLength(int v) { return setParam(maxLength, v); }

  @Override
  protected void checkInputType(String column, DataType type) {
    if (!(type instanceof StringType)) {
      throw new IllegalArgumentException(name() + ": input column '" + column + "' has type " + type.simpleString()
          + "; expected string");
    }
  }

  @Override
  protected void checkModel(ModelDirectory model, OnnxModel session) {
    if (model.tokenizerFileName() == null) {
      throw new ModelException(name() + ": model " + model.uri() + " has no tokenizer.json (files: " + model.files().keySet() + ")");
    }
    if (!session.inputs().containsKey(TextBatchCodec.INPUT_IDS)) {
      throw new ModelException(name() + ": model " + model.uri() + " takes inputs " + session.inputs().keySet()
          + "; a text encoder takes input_ids");
    }
    for (String in : session.inputs().keySet()) {
      if (!TextBatchCodec.KNOWN_INPUTS.contains(in)) {
        throw new ModelException(name() + ": model " + model.uri() + " has input '" + in + "' that a text encoder cannot feed"
            + " (known: " + TextBatchCodec.KNOWN_INPUTS + ")");
      }
    }
    Pooling p = Pooling.parse($(pooling));
    if (p == Pooling.POOLER && !session.outputs().containsKey(POOLER)) {
      throw new ModelException(name() + ": pooling=pooler but model " + model.uri() + " has no '" + POOLER
          + "' output (outputs " + session.outputs().keySet() + "); use cls or mean");
    }
    if (p != Pooling.POOLER) {
      String hidden = hiddenOutput(session);
      if (hidden == null) {
        throw new ModelException(name() + ": model " + model.uri() + " has no [batch, sequence, hidden] output to pool (outputs "
            + session.outputs().keySet() + ")");
      }
    }
  }

  /** {@code last_hidden_state}, else the first output of rank 3. */
  static String hiddenOutput(OnnxModel session) {
    if (session.outputs().containsKey(HIDDEN)) {
      return HIDDEN;
    }
    for (String o : session.outputs().keySet()) {
      if (session.shape(o).length == 3) {
        return o;
      }
    }
    return null;
  }

  @Override
  protected List<StructField> outputFields() {
    return List.of(DataTypes.createStructField($(outputCol), SQLDataTypes.VectorType(), true));
  }

  @Override
  protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
    return new Factory(inputSchema.fieldIndex(getInputCol()), Pooling.parse($(pooling)), (Boolean) $(normalize),
        (Integer) $(maxLength));
  }

  private record Factory(int column, Pooling pooling, boolean normalize, int maxLength) implements CodecFactory {
    @Override
    public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
      TextTokenizer tokenizer = TextTokenizer.forModel(model, model.localDir(conf), maxLength);
      String output = pooling == Pooling.POOLER ? POOLER : hiddenOutput(session);
      return new TextBatchCodec<Object[]>(tokenizer, column, session.inputs().keySet()) {
        @Override
        public Set<String> outputs() {
          return Set.of(output);
        }

        @Override
        public List<Object[]> decode(OrtSession.Result result, List<TextTokenizer.Encoded> items) throws OrtException {
          Outputs.Batch batch = Outputs.floats(result, output);
          List<Object[]> out = new ArrayList<>(items.size());
          for (int i = 0; i < items.size(); i++) {
            float[] v = pooling == Pooling.POOLER ? batch.row(i)
                : Pooling.pool(pooling, batch.data(), (int) batch.shape()[1], (int) batch.shape()[2], i,
                    items.get(i).attentionMask());
            if (normalize) {
              Pooling.l2Normalize(v);
            }
            double[] d = new double[v.length];
            for (int j = 0; j < d.length; j++) {
              d[j] = v[j];
            }
            out.add(new Object[] {Vectors.dense(d)});
          }
          return out;
        }
      };
    }
  }

}

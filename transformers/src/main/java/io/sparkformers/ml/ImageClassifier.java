package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.head.Classification;
import io.sparkformers.image.ImageBatchCodec;
import io.sparkformers.image.ImageProcessor;
import io.sparkformers.image.ImageSource;
import io.sparkformers.image.PreparedImage;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Image classification with any Hugging Face image-classification export (ConvNeXt, ConvNeXt V2, LeViT with or
 * without teacher, DINOv2, Data2Vec-Vision, DiNAT, ...). Preprocessing follows the export's
 * {@code preprocessor_config.json}, labels its {@code config.json}. Columns follow Spark ML classifiers, so MLlib's
 * evaluators work: {@code rawPrediction} (logits), {@code probability} (softmax), {@code prediction} (index), plus
 * {@code predictedLabel} and {@code topK} as Hugging Face's pipeline returns them. An empty column name drops that
 * column.
 */
public class ImageClassifier extends ImageStage<ImageClassifier> {
  private static final long serialVersionUID = 1L;
  static final String LOGITS = "logits";
  static final StructType TOP_K_ITEM = new StructType(new StructField[] {
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false)});

  private final Param<String> rawPredictionCol = new Param<>(this, "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)");
  private final Param<String> probabilityCol = new Param<>(this, "probabilityCol", "softmax column, a Vector (default probability; empty: none)");
  private final Param<String> predictionCol = new Param<>(this, "predictionCol", "best class index column, a double (default prediction; empty: none)");
  private final Param<String> predictedLabelCol = new Param<>(this, "predictedLabelCol", "best class label from config.json id2label (default predictedLabel; empty: none)");
  private final Param<String> topKCol = new Param<>(this, "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)");
  private final IntParam topK = new IntParam(this, "topK", "number of classes in topKCol (default 5, >= 1)", ParamValidators.gtEq(1));

  public ImageClassifier() {
    this(Identifiable.randomUID("imageClassifier"));
  }

  public ImageClassifier(String uid) {
    super(uid);
    setDefault(rawPredictionCol, "rawPrediction");
    setDefault(probabilityCol, "probability");
    setDefault(predictionCol, "prediction");
    setDefault(predictedLabelCol, "predictedLabel");
    setDefault(topKCol, "topK");
    setDefault(topK, 5);
  }

  public static MLReader<ImageClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static ImageClassifier load(String path) {
    return read().load(path);
  }

  public Param<String> rawPredictionCol() { return rawPredictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> predictedLabelCol() { return predictedLabelCol; }
  public Param<String> topKCol() { return topKCol; }
  public IntParam topK() { return topK; }

  public ImageClassifier setRawPredictionCol(String v) { return setParam(rawPredictionCol, v); }
  public ImageClassifier setProbabilityCol(String v) { return setParam(probabilityCol, v); }
  public ImageClassifier setPredictionCol(String v) { return setParam(predictionCol, v); }
  public ImageClassifier setPredictedLabelCol(String v) { return setParam(predictedLabelCol, v); }
  public ImageClassifier setTopKCol(String v) { return setParam(topKCol, v); }
  public ImageClassifier setTopK(int v) { return setParam(topK, v); }

  @Override
  protected void checkModel(ModelDirectory model, OnnxModel session) {
    checkImageModel(model, session);
    String logits = logitsOutput(session);
    long[] shape = session.shape(logits);
    if (shape.length != 2) {
      throw new ModelException(name() + ": model " + model.uri() + " output '" + logits + "' has shape "
          + Arrays.toString(shape) + "; an image-classification graph returns [batch, num_labels]");
    }
  }

  static String logitsOutput(OnnxModel session) {
    return session.outputs().containsKey(LOGITS) ? LOGITS : session.outputs().keySet().iterator().next();
  }

  @Override
  protected List<StructField> outputFields() {
    List<StructField> out = new ArrayList<>();
    addIfNamed(out, $(rawPredictionCol), SQLDataTypes.VectorType());
    addIfNamed(out, $(probabilityCol), SQLDataTypes.VectorType());
    addIfNamed(out, $(predictionCol), DataTypes.DoubleType);
    addIfNamed(out, $(predictedLabelCol), DataTypes.StringType);
    addIfNamed(out, $(topKCol), DataTypes.createArrayType(TOP_K_ITEM, false));
    return out;
  }

  private static void addIfNamed(List<StructField> out, String name, DataType type) {
    if (name != null && !name.isEmpty()) {
      out.add(DataTypes.createStructField(name, type, true));
    }
  }

  @Override
  protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
    ImageSource source = imageSource(inputSchema, conf);
    boolean[] wanted = {!$(rawPredictionCol).isEmpty(), !$(probabilityCol).isEmpty(), !$(predictionCol).isEmpty(),
        !$(predictedLabelCol).isEmpty(), !$(topKCol).isEmpty()};
    int k = (Integer) $(topK);
    return new Factory(source, wanted, k);
  }

  private record Factory(ImageSource source, boolean[] wanted, int k) implements CodecFactory {
    @Override
    public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
      ImageProcessor processor = processor(model);
      String logits = logitsOutput(session);
      long[] shape = session.shape(logits);
      Classification head = new Classification(model.labels((int) shape[1]));
      return new ImageBatchCodec<Object[]>(source, processor, PIXEL_VALUES) {
        @Override
        public Set<String> outputs() {
          return Set.of(logits);
        }

        @Override
        public List<Object[]> decode(OrtSession.Result result, List<PreparedImage> items) throws OrtException {
          Outputs.Batch batch = Outputs.floats(result, logits);
          List<Object[]> out = new ArrayList<>(items.size());
          for (int i = 0; i < items.size(); i++) {
            out.add(classify(batch.row(i), head, wanted, k));
          }
          return out;
        }
      };
    }

    @Override
    public int staticBatch(OnnxModel session) {
      return ImageStage.staticBatch(session);
    }
  }

  /** The classifier columns for one row's logits, in {@link #outputFields()} order. */
  static Object[] classify(float[] logits, Classification head, boolean[] wanted, int k) {
    double[] raw = new double[logits.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = logits[i];
    }
    double[] p = Classification.softmax(logits);
    int best = Classification.argmax(logits);
    List<Object> values = new ArrayList<>(5);
    if (wanted[0]) values.add(Vectors.dense(raw));
    if (wanted[1]) values.add(Vectors.dense(p));
    if (wanted[2]) values.add((double) best);
    if (wanted[3]) values.add(head.label(best));
    if (wanted[4]) {
      int[] top = Classification.topK(p, k);
      List<Row> items = new ArrayList<>(top.length);
      for (int i : top) {
        items.add(RowFactory.create(head.label(i), p[i]));
      }
      values.add(scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq());
    }
    return values.toArray();
  }
}

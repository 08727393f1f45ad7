package io.sparkformers.ml;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Classification;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output columns every classifier stage shares, as Spark ML classifiers name them (so MLlib's evaluators
 * work) plus Hugging Face's label and top-k. A stage owns one and exposes its Params; an empty name drops a column.
 */
public final class ClassifierColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    static final StructType TOP_K_ITEM = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false)
    });

    final Param<String> rawPredictionCol;
    final Param<String> probabilityCol;
    final Param<String> predictionCol;
    final Param<String> predictedLabelCol;
    final Param<String> topKCol;
    final IntParam topK;

    ClassifierColumns(Params parent) {
        rawPredictionCol =
                new Param<>(parent, "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)");
        probabilityCol = new Param<>(
                parent,
                "probabilityCol",
                "scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)");
        predictionCol = new Param<>(
                parent, "predictionCol", "best class index column, a double (default prediction; empty: none)");
        predictedLabelCol = new Param<>(
                parent,
                "predictedLabelCol",
                "best class label from config.json id2label (default predictedLabel; empty: none)");
        topKCol = new Param<>(
                parent, "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)");
        topK = new IntParam(parent, "topK", "number of classes in topKCol (default 5, >= 1)", ParamValidators.gtEq(1));
    }

    /** Which columns are wanted and k, resolved on the driver for the executors. */
    record Spec(boolean[] wanted, int k) implements Serializable {}

    Spec spec(Params p) {
        return new Spec(
                new boolean[] {
                    !p.getOrDefault(rawPredictionCol).isEmpty(),
                    !p.getOrDefault(probabilityCol).isEmpty(),
                    !p.getOrDefault(predictionCol).isEmpty(),
                    !p.getOrDefault(predictedLabelCol).isEmpty(),
                    !p.getOrDefault(topKCol).isEmpty()
                },
                (Integer) p.getOrDefault(topK));
    }

    List<StructField> fields(Params p) {
        List<StructField> out = new ArrayList<>();
        add(out, p.getOrDefault(rawPredictionCol), SQLDataTypes.VectorType());
        add(out, p.getOrDefault(probabilityCol), SQLDataTypes.VectorType());
        add(out, p.getOrDefault(predictionCol), DataTypes.DoubleType);
        add(out, p.getOrDefault(predictedLabelCol), DataTypes.StringType);
        add(out, p.getOrDefault(topKCol), DataTypes.createArrayType(TOP_K_ITEM, false));
        return out;
    }

    private static void add(List<StructField> out, String name, DataType type) {
        if (name != null && !name.isEmpty()) {
            out.add(DataTypes.createStructField(name, type, true));
        }
    }

    /** The wanted columns for one row's logits, in {@link #fields} order. */
    static Object[] values(Spec spec, float[] logits, Classification head, String function) {
        double[] raw = new double[logits.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = logits[i];
        }
        double[] p = Classification.apply(function, logits);
        int best = Classification.argmax(logits);
        List<Object> values = new ArrayList<>(5);
        boolean[] w = spec.wanted();
        if (w[0]) {
            values.add(Vectors.dense(raw));
        }
        if (w[1]) {
            values.add(Vectors.dense(p));
        }
        if (w[2]) {
            values.add((double) best);
        }
        if (w[3]) {
            values.add(head.label(best));
        }
        if (w[4]) {
            int[] top = Classification.topK(p, spec.k());
            List<Row> items = new ArrayList<>(top.length);
            for (int i : top) {
                items.add(RowFactory.create(head.label(i), p[i]));
            }
            values.add(ScalaCollections.seq(items));
        }
        return values.toArray();
    }
}

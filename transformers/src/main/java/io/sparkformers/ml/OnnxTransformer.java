package io.sparkformers.ml;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.sparkformers.batch.Input;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.TensorStaging;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * Any ONNX graph: numeric columns (nested arrays, Vectors or scalars) feed the named graph inputs, one row per
 * batch item, and the named outputs come back flattened as {@code array<float>} columns. A row's tensor shape is
 * the graph's without the batch axis; one dynamic axis is inferred from the row's length, several from the
 * nesting of its arrays.
 */
public class OnnxTransformer extends ModelStage<OnnxTransformer> implements InputColParams<OnnxTransformer> {
    private static final long serialVersionUID = 1L;

    private final StringArrayParam inputCols = new StringArrayParam(
            this, "inputCols", "columns feeding the graph, one per graph input (default empty: inputCol alone)");
    private final StringArrayParam inputNames = new StringArrayParam(
            this,
            "inputNames",
            "graph input fed by each of inputCols, in order (default empty: the graph's inputs in order)");
    private final StringArrayParam outputNames =
            new StringArrayParam(this, "outputNames", "graph outputs to fetch (default empty: all)");
    private final StringArrayParam outputCols = new StringArrayParam(
            this, "outputCols", "column for each of outputNames (default empty: the output names)");

    public OnnxTransformer() {
        this(Identifiable.randomUID("onnxTransformer"));
    }

    public OnnxTransformer(String uid) {
        super(uid);
        setDefault(inputCol(), "input");
        for (StringArrayParam p : List.of(inputCols, inputNames, outputNames, outputCols)) {
            setDefault(p, new String[0]);
        }
    }

    public static MLReader<OnnxTransformer> read() {
        return new DefaultParamsReader<>();
    }

    public static OnnxTransformer load(String path) {
        return read().load(path);
    }

    public StringArrayParam inputCols() {
        return inputCols;
    }

    public StringArrayParam inputNames() {
        return inputNames;
    }

    public StringArrayParam outputNames() {
        return outputNames;
    }

    public StringArrayParam outputCols() {
        return outputCols;
    }

    public OnnxTransformer setInputCols(String... v) {
        return setParam(inputCols, v);
    }

    /** Gets {@code inputCols} or its default. */
    public String[] getInputCols() {
        return $(inputCols);
    }

    public OnnxTransformer setInputNames(String... v) {
        return setParam(inputNames, v);
    }

    /** Gets {@code inputNames} or its default. */
    public String[] getInputNames() {
        return $(inputNames);
    }

    public OnnxTransformer setOutputNames(String... v) {
        return setParam(outputNames, v);
    }

    /** Gets {@code outputNames} or its default. */
    public String[] getOutputNames() {
        return $(outputNames);
    }

    public OnnxTransformer setOutputCols(String... v) {
        return setParam(outputCols, v);
    }

    /** Gets {@code outputCols} or its default. */
    public String[] getOutputCols() {
        return $(outputCols);
    }

    @Override
    protected boolean requiresConfig() {
        return false;
    }

    @Override
    protected List<String> inputColumns() {
        return $(inputCols).length > 0 ? Arrays.asList($(inputCols)) : List.of(getInputCol());
    }

    private List<String> graphInputs(OnnxModel session) {
        if ($(inputNames).length > 0) {
            return Arrays.asList($(inputNames));
        }
        return new ArrayList<>(session.inputs().keySet())
                .subList(0, Math.min(inputColumns().size(), session.inputs().size()));
    }

    private List<String> graphOutputs(OnnxModel session) {
        return $(outputNames).length > 0
                ? Arrays.asList($(outputNames))
                : new ArrayList<>(session.outputs().keySet());
    }

    private List<String> outputColumns(OnnxModel session) {
        return $(outputCols).length > 0 ? Arrays.asList($(outputCols)) : graphOutputs(session);
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        DataType t = type;
        while (t instanceof ArrayType at) {
            t = at.elementType();
        }
        if (!(t instanceof NumericType) && !(t instanceof VectorUDT)) {
            throw new IllegalArgumentException(name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected numbers, arrays of numbers or a Vector");
        }
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        List<String> names = graphInputs(session);
        if (names.size() != inputColumns().size()) {
            throw new IllegalArgumentException(name() + ": " + inputColumns().size() + " input columns "
                    + inputColumns() + " but " + names.size() + " input names " + names);
        }
        Set<String> fed = new LinkedHashSet<>(names);
        for (String n : names) {
            if (!session.inputs().containsKey(n)) {
                throw new ModelException(name() + ": model " + model.uri() + " has no input '" + n + "' (inputs "
                        + session.inputs().keySet() + ")");
            }
            OnnxJavaType t = ((TensorInfo) session.inputs().get(n).getInfo()).type;
            if (t != OnnxJavaType.FLOAT && t != OnnxJavaType.INT64) {
                throw new ModelException(name() + ": input '" + n + "' of " + model.uri() + " is " + t
                        + "; only float and int64 inputs are supported");
            }
        }
        if (!fed.containsAll(session.inputs().keySet())) {
            Set<String> missing = new LinkedHashSet<>(session.inputs().keySet());
            missing.removeAll(fed);
            throw new IllegalArgumentException(name() + ": graph inputs " + missing + " of " + model.uri()
                    + " are not fed; set inputCols/inputNames");
        }
        for (String o : graphOutputs(session)) {
            if (!session.outputs().containsKey(o)) {
                throw new ModelException(name() + ": model " + model.uri() + " has no output '" + o + "' (outputs "
                        + session.outputs().keySet() + ")");
            }
        }
        if (outputColumns(session).size() != graphOutputs(session).size()) {
            throw new IllegalArgumentException(name() + ": outputCols " + outputColumns(session) + " and outputNames "
                    + graphOutputs(session) + " differ in length");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        List<StructField> out = new ArrayList<>();
        // Pure when outputCols names the columns; otherwise they are the graph's output names, read from the graph.
        List<String> columns = $(outputCols).length > 0 ? Arrays.asList($(outputCols)) : outputColumns(driverSession());
        for (String c : columns) {
            out.add(DataTypes.createStructField(c, DataTypes.createArrayType(DataTypes.FloatType, false), true));
        }
        return out;
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        OnnxModel session = driverSession();
        int[] columns =
                inputColumns().stream().mapToInt(inputSchema::fieldIndex).toArray();
        return new Composition<>(
                new NumericInput(columns, graphInputs(session).toArray(new String[0])),
                new OutputsHead(graphOutputs(session).toArray(new String[0])));
    }

    /** One row's tensors: flattened values and shape (without the batch axis) per input. */
    private record Prepared(double[][] values, long[][] shapes) {}

    /** Numeric columns as the graph's inputs, in graph order: a row's arrays flattened into its tensors. */
    private record NumericInput(int[] columns, String[] inputs) implements Input.Factory<Prepared> {
        @Override
        public int staticBatch(OnnxModel session) {
            return session.staticBatch(inputs[0]);
        }

        @Override
        public Input<Prepared> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            long[][] graphShapes = new long[inputs.length][];
            boolean[] isLong = new boolean[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                graphShapes[i] = session.shape(inputs[i]);
                isLong[i] = ((TensorInfo) session.inputs().get(inputs[i]).getInfo()).type == OnnxJavaType.INT64;
            }
            return new Input<>() {
                @Override
                public Prepared prepare(Row row) throws Exception {
                    double[][] values = new double[inputs.length][];
                    long[][] shapes = new long[inputs.length][];
                    for (int i = 0; i < inputs.length; i++) {
                        if (row.isNullAt(columns[i])) {
                            throw new InvalidInputException(
                                    "null input in column " + row.schema().fieldNames()[columns[i]]);
                        }
                        List<Long> nesting = new ArrayList<>();
                        Values flat = new Values();
                        flatten(row.get(columns[i]), flat, nesting, 0);
                        values[i] = flat.toArray();
                        shapes[i] = rowShape(graphShapes[i], values[i].length, nesting, inputs[i]);
                    }
                    return new Prepared(values, shapes);
                }

                @Override
                public Object groupKey(Prepared item) {
                    return Arrays.deepToString(item.shapes());
                }

                @Override
                public Map<String, OnnxTensor> collate(List<Prepared> items, int rows, TensorStaging staging)
                        throws OrtException {
                    Map<String, OnnxTensor> feed = new HashMap<>();
                    for (int i = 0; i < inputs.length; i++) {
                        long[] shape = items.get(0).shapes()[i];
                        int per = items.get(0).values()[i].length;
                        long[] full = new long[shape.length + 1];
                        full[0] = rows;
                        System.arraycopy(shape, 0, full, 1, shape.length);
                        for (Prepared p : items) {
                            if (!Arrays.equals(p.shapes()[i], shape)) {
                                throw new IllegalArgumentException("rows of shapes " + Arrays.toString(shape) + " and "
                                        + Arrays.toString(p.shapes()[i]) + " in one batch for input '" + inputs[i]
                                        + "'");
                            }
                        }
                        if (isLong[i]) {
                            LongBuffer lb = staging.longs(inputs[i], (long) rows * per, 0);
                            for (int r = 0; r < items.size(); r++) {
                                double[] v = items.get(r).values()[i];
                                for (int k = 0; k < per; k++) {
                                    lb.put(r * per + k, (long) v[k]);
                                }
                            }
                            feed.put(inputs[i], TensorStaging.tensor(lb, full));
                        } else {
                            FloatBuffer fb = staging.floats(inputs[i], (long) rows * per);
                            for (int r = 0; r < items.size(); r++) {
                                double[] v = items.get(r).values()[i];
                                for (int k = 0; k < per; k++) {
                                    fb.put(r * per + k, (float) v[k]);
                                }
                            }
                            feed.put(inputs[i], TensorStaging.tensor(fb, full));
                        }
                    }
                    return feed;
                }
            };
        }
    }

    /** A growable primitive buffer for a row's numbers (no boxing per element). */
    private static final class Values {
        private double[] data = new double[64];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    private static void flatten(Object v, Values flat, List<Long> nesting, int depth) throws InvalidInputException {
        if (v == null) {
            throw new InvalidInputException("null element in an input array");
        }
        if (v instanceof Number n) {
            flat.add(n.doubleValue());
            return;
        }
        if (v instanceof Vector vec) {
            if (nesting.size() == depth) {
                nesting.add((long) vec.size());
            }
            for (double d : vec.toArray()) {
                flat.add(d);
            }
            return;
        }
        if (v instanceof Seq<?> seq) {
            if (nesting.size() == depth) {
                nesting.add((long) seq.size());
            } else if (nesting.get(depth) != seq.size()) {
                nesting.set(depth, -1L); // ragged: fall back to the graph's shape
            }
            Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                flatten(it.next(), flat, nesting, depth + 1);
            }
            return;
        }
        throw new InvalidInputException(
                "unsupported input value of type " + v.getClass().getName());
    }

    /** The row's tensor shape: the graph's without the batch axis, dynamic axes filled from the data. */
    static long[] rowShape(long[] graph, int count, List<Long> nesting, String input) throws InvalidInputException {
        long[] shape = Arrays.copyOfRange(graph, 1, graph.length);
        if (nesting.size() == shape.length && !nesting.contains(-1L)) {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] > 0 && shape[d] != nesting.get(d)) {
                    throw new InvalidInputException(
                            "input '" + input + "' needs shape " + Arrays.toString(shape) + " per row, got " + nesting);
                }
                shape[d] = nesting.get(d);
            }
            return shape;
        }
        long fixed = 1;
        int dynamic = -1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 0) {
                fixed *= shape[d];
            } else if (dynamic >= 0) {
                throw new InvalidInputException("input '" + input + "' has several dynamic axes "
                        + Arrays.toString(graph) + "; give each row as nested arrays");
            } else {
                dynamic = d;
            }
        }
        if (dynamic >= 0) {
            if (count % fixed != 0) {
                throw new InvalidInputException(
                        "input '" + input + "' needs a multiple of " + fixed + " values per row, got " + count);
            }
            shape[dynamic] = count / fixed;
        } else if (fixed != count) {
            throw new InvalidInputException("input '" + input + "' needs " + fixed + " values per row "
                    + Arrays.toString(shape) + ", got " + count);
        }
        return shape;
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public OnnxTransformer copy(ParamMap extra) {
        return (OnnxTransformer) super.copy(extra);
    }
}

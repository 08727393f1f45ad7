package io.sparkformers.sql;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.ml.StageParams;
import io.sparkformers.sql.compat.ChildrenExpression;
import io.sparkformers.task.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Unevaluable;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A call of a scalar {@code hf_*} function in a query, e.g. {@code hf_classify_image('s3a://m/convnext', content)}.
 * It is never evaluated row by row: {@link BatchHfCalls} replaces it, before execution, with the task stage's batched
 * operator under the node that uses it (as Spark plans Python UDFs into batch-evaluation nodes). Its children are the
 * per-row inputs; the model and options are constants checked when the query is analysed.
 */
public final class HfCall extends ChildrenExpression implements Unevaluable {
    private static final long serialVersionUID = 1L;

    /** The function, the model and options of a call, and the struct it returns. */
    public static final class Function implements Serializable {
        private static final long serialVersionUID = 1L;
        final Task task;
        final String model;
        final Map<String, String> options;
        final ModelStage<?> stage;
        final StructType outputs;
        final String errorField;
        final boolean skip;

        Function(
                Task task,
                String model,
                Map<String, String> options,
                ModelStage<?> stage,
                StructType outputs,
                String errorField,
                boolean skip) {
            this.task = task;
            this.model = model;
            this.options = new TreeMap<>(options);
            this.stage = stage;
            this.outputs = outputs;
            this.errorField = errorField;
            this.skip = skip;
        }

        String name() {
            return task.scalarFunction();
        }

        /** The fields of the returned struct: the stage's output columns, then the error field if any. */
        StructType resultType() {
            StructType t = outputs;
            return errorField == null ? t : t.add(errorField, DataTypes.StringType, true);
        }

        /** A copy of the stage reading {@code inputs}; invalid rows are kept with their reason in {@code errorCol}. */
        ModelStage<?> stage(String[] inputs, String errorCol) {
            ModelStage<?> s = (ModelStage<?>) stage.copy(ParamMap.empty());
            // Its reasons name the options as this SQL call sets them (handle_invalid), not the Java Params.
            s.spellOptionsAs(StageParams.Spelling.SQL);
            task.binder().accept(s, inputs);
            if (errorField != null) {
                s.setErrorCol(errorCol);
                if (skip) {
                    s.setHandleInvalid("keep");
                }
            }
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Function f
                    && f.name().equals(name())
                    && f.model.equals(model)
                    && f.options.equals(options);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), model, options);
        }

        @Override
        public String toString() {
            return name() + "('" + model + "'" + (options.isEmpty() ? "" : ", " + options) + ")";
        }
    }

    private final Function function;
    private final scala.collection.immutable.List<Expression> inputs;

    public HfCall(Function function, scala.collection.immutable.List<Expression> inputs) {
        this.function = function;
        this.inputs = inputs;
    }

    /** Builds a call from the arguments {@code (model, inputs...[, options])}, checking them against the model. */
    static HfCall build(Task t, List<Expression> args) {
        String fn = t.scalarFunction();
        String usage = fn + "(model, " + t.inputList() + "[, options map])";
        boolean hasOptions = args.size() > 1 + t.required() && StageOptions.isOptions(args.get(args.size() - 1));
        List<Expression> in = args.subList(Math.min(1, args.size()), args.size() - (hasOptions ? 1 : 0));
        if (args.isEmpty() || in.size() < t.required() || in.size() > t.inputs().size()) {
            throw new IllegalArgumentException(fn + " takes " + usage + ", got " + args.size() + " arguments");
        }
        String model = StageOptions.string(fn, args.get(0), "model");
        Map<String, String> options = hasOptions ? StageOptions.options(fn, args.get(args.size() - 1)) : Map.of();
        String[] roles = t.inputs().subList(0, in.size()).toArray(new String[0]);
        ModelStage<?> stage = t.newStage(model, options, roles, fn);
        String handle = stage.getHandleInvalid();
        String errorField =
                !stage.getErrorCol().isEmpty() ? stage.getErrorCol() : handle.equals("error") ? null : "error";
        stage.setErrorCol("");
        StructType schema = new StructType();
        for (int i = 0; i < in.size(); i++) {
            schema = schema.add(roles[i], in.get(i).dataType(), true);
        }
        StructType out;
        try {
            out = stage.transformSchema(schema);
            stage.validateModel();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(fn + ": " + e.getMessage(), e);
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField f : Arrays.copyOfRange(out.fields(), in.size(), out.fields().length)) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        if (errorField != null && fields.stream().anyMatch(f -> f.name().equals(errorField))) {
            throw new IllegalArgumentException(
                    fn + ": error_col '" + errorField + "' is also an output field; choose another");
        }
        Function f = new Function(
                t, model, options, stage, DataTypes.createStructType(fields), errorField, handle.equals("skip"));
        return new HfCall(f, ScalaCollections.seq(in));
    }

    public Function function() {
        return function;
    }

    @Override
    public scala.collection.immutable.List<Expression> children() {
        return inputs;
    }

    @Override
    protected Expression withChildren(List<Expression> newChildren) {
        return new HfCall(function, ScalaCollections.seq(newChildren));
    }

    @Override
    public DataType dataType() {
        return function.resultType();
    }

    @Override
    public boolean nullable() {
        return true;
    }

    @Override
    public Object eval(InternalRow row) {
        throw new UnsupportedOperationException(notPlanned());
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        throw new UnsupportedOperationException(notPlanned());
    }

    private String notPlanned() {
        return function.name() + " runs in batches planned by the sparkformers optimizer rule, which did not plan this "
                + "call: install the functions with spark.sql.extensions=" + SparkformersExtensions.class.getName()
                + " or HfFunctions.register(spark)";
    }

    @Override
    public String prettyName() {
        return function.name();
    }

    @Override
    public String toString() {
        return function.name() + "('" + function.model + "', "
                + ScalaCollections.list(inputs).stream().map(Object::toString).collect(Collectors.joining(", "))
                + (function.options.isEmpty() ? "" : ", " + function.options) + ")";
    }

    @Override
    public String sql() {
        StringBuilder sb = new StringBuilder(function.name())
                .append("('")
                .append(function.model.replace("'", "\\'"))
                .append('\'');
        for (Expression e : ScalaCollections.list(inputs)) {
            sb.append(", ").append(e.sql());
        }
        if (!function.options.isEmpty()) {
            sb.append(", map(")
                    .append(function.options.entrySet().stream()
                            .map(e -> "'" + e.getKey() + "', '" + e.getValue().replace("'", "\\'") + "'")
                            .collect(Collectors.joining(", ")))
                    .append(')');
        }
        return sb.append(')').toString();
    }

    @Override
    public int productArity() {
        return 2;
    }

    @Override
    public Object productElement(int n) {
        return switch (n) {
            case 0 -> function;
            case 1 -> inputs;
            default -> throw new IndexOutOfBoundsException(n);
        };
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof HfCall;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HfCall c && c.function.equals(function) && c.inputs.equals(inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, inputs);
    }
}

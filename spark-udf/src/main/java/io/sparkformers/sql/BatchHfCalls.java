package io.sparkformers.sql;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.ml.ModelStage;
import io.sparkformers.sql.compat.SparkCompat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.CreateNamedStruct;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import scala.Option;

/**
 * The optimizer rule that plans {@link HfCall}s: for every plan node whose expressions call {@code hf_*} functions,
 * the calls' inputs are projected below the node, the task stage's batched operator (the same
 * {@code MapPartitions} through the batch engine that {@code stage.transform} plans) runs over that, and the node
 * reads each call's result as a column — one ONNX Runtime call per batch, never per row. Nested calls are planned
 * innermost first; equal calls in one node are computed once.
 */
public final class BatchHfCalls extends Rule<LogicalPlan> {
    private static final String PREFIX = "__hf_";
    private final SparkSession spark;

    public BatchHfCalls(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        return containsCall(plan) ? rewrite(plan) : plan;
    }

    private static boolean containsCall(LogicalPlan p) {
        for (Expression e : list(p.expressions())) {
            if (containsCall(e)) {
                return true;
            }
        }
        for (LogicalPlan c : list(p.children())) {
            if (containsCall(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsCall(Expression e) {
        if (e instanceof HfCall) {
            return true;
        }
        for (Expression c : list(e.children())) {
            if (containsCall(c)) {
                return true;
            }
        }
        return false;
    }

    private LogicalPlan rewrite(LogicalPlan p) {
        LogicalPlan node = (LogicalPlan) p.mapChildren(this::rewrite);
        while (true) {
            Map<Expression, HfCall> calls = new LinkedHashMap<>();
            for (Expression e : list(node.expressions())) {
                innermost(e, calls);
            }
            if (calls.isEmpty()) {
                return node;
            }
            if (node.children().isEmpty()) {
                HfCall any = calls.values().iterator().next();
                throw new UnsupportedOperationException(any.function().name() + " cannot be planned in a "
                        + node.nodeName() + ": compute it in a query over a table, then use its column");
            }
            node = plan(node, calls);
        }
    }

    /** The calls whose inputs hold no other call, keyed by their canonical form so equal calls are planned once. */
    private static void innermost(Expression e, Map<Expression, HfCall> out) {
        if (e instanceof HfCall c && list(c.children()).stream().noneMatch(BatchHfCalls::containsCall)) {
            out.putIfAbsent(c.canonicalized(), c);
            return;
        }
        for (Expression child : list(e.children())) {
            innermost(child, out);
        }
    }

    /**
     * Plans {@code calls} below {@code node}: each under the child whose columns it reads (a join condition's call
     * goes under the side it reads), and the node reads their results as columns.
     */
    private LogicalPlan plan(LogicalPlan node, Map<Expression, HfCall> calls) {
        List<LogicalPlan> children = new ArrayList<>(list(node.children()));
        // A Project or Aggregate only needs the columns it reads; other nodes pass their child's columns on.
        boolean prunes = node instanceof Project || node instanceof Aggregate;
        AttributeSet needed = node.references();
        Map<Expression, Attribute> results = new LinkedHashMap<>();
        for (Map.Entry<Expression, HfCall> c : calls.entrySet()) {
            int side = sideOf(c.getValue(), children);
            if (side < 0) {
                throw new UnsupportedOperationException(c.getValue().function().name() + " in a " + node.nodeName()
                        + " reads columns of more than one side: compute it where one table has all its inputs (in a subquery "
                        + "after the join), then use its column");
            }
            LogicalPlan below = children.get(side);
            List<Attribute> pass = new ArrayList<>();
            for (Attribute a : list(below.output())) {
                if (!prunes || needed.contains(a) || results.containsValue(a)) {
                    pass.add(a);
                }
            }
            Planned planned = batch(below, pass, c.getValue());
            children.set(side, planned.plan);
            results.put(c.getKey(), planned.result);
        }
        LogicalPlan rewritten = (LogicalPlan) node.mapExpressions(e -> replace(e, results));
        rewritten = (LogicalPlan) rewritten.withNewChildren(seq(children));
        if (!rewritten.output().equals(node.output())) {
            rewritten = new Project(named(list(node.output())), rewritten);
        }
        return rewritten;
    }

    /** The index of the one child whose columns cover the call's inputs (the first, for inputs of constants), or -1. */
    private static int sideOf(HfCall call, List<LogicalPlan> children) {
        for (int i = 0; i < children.size(); i++) {
            if (call.references().subsetOf(children.get(i).outputSet())) {
                return i;
            }
        }
        return -1;
    }

    private static Expression replace(Expression e, Map<Expression, Attribute> results) {
        if (e instanceof HfCall c) {
            Attribute a = results.get(c.canonicalized());
            if (a != null) {
                return a;
            }
        }
        return (Expression) e.mapChildren(child -> replace(child, results));
    }

    private record Planned(LogicalPlan plan, Attribute result) {}

    /**
     * {@code plan} with one more column, {@code call}'s result, computed by the task stage: the stage is planned over
     * a placeholder with {@code plan}'s columns (so nothing already optimised is analysed again), which is then
     * swapped for {@code plan}. The columns in {@code pass} come out under their own ids for the nodes above.
     */
    private Planned batch(LogicalPlan plan, List<Attribute> pass, HfCall call) {
        HfCall.Function fn = call.function();
        LocalRelation placeholder = SparkCompat.emptyRelation(plan.output(), plan.isStreaming());
        Set<String> taken = new HashSet<>();
        for (Attribute a : list(plan.output())) {
            taken.add(a.name());
        }
        for (String f : fn.resultType().fieldNames()) {
            taken.add(f);
        }
        // A passed-through column named like one of the stage's outputs travels under another name (restored above).
        Set<String> outputs = Set.of(fn.resultType().fieldNames());
        List<NamedExpression> inner = new ArrayList<>();
        // A file's path rides along (first, where the stage's reasons look for a row's name) when the query does not
        // keep it, so that a bad row's reason names its file: "invalid row [path=…/broken.jpg]".
        int named = 0;
        for (Attribute a : list(plan.output())) {
            if (a.name().equals("path") && a.dataType() instanceof StringType && !pass.contains(a)) {
                inner.add(a);
                named = 1;
                break;
            }
        }
        for (Attribute a : pass) {
            inner.add(outputs.contains(a.name()) ? alias(a, fresh(PREFIX + a.name(), taken)) : a);
        }
        List<Expression> args = list(call.children());
        String[] inputs = new String[args.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = fresh(PREFIX + fn.task.inputs().get(i), taken);
            inner.add(alias(args.get(i), inputs[i]));
        }
        String errorCol = fresh(PREFIX + "error", taken);
        ModelStage<?> stage = fn.stage(inputs, errorCol);
        Dataset<Row> staged = stage.transform(SparkCompat.ofRows(spark, new Project(seq(inner), placeholder)));
        LogicalPlan stagePlan = substitute(SparkCompat.logicalPlan(staged), placeholder, plan);
        List<Attribute> out = list(stagePlan.output());
        List<NamedExpression> outer = new ArrayList<>();
        for (int i = 0; i < pass.size(); i++) {
            Attribute a = pass.get(i);
            outer.add(new Alias(
                    out.get(named + i),
                    a.name(),
                    a.exprId(),
                    a.qualifier(),
                    Option.apply(a.metadata()),
                    seq(List.of())));
        }
        int first = named + pass.size() + inputs.length;
        List<Expression> struct = new ArrayList<>();
        String[] names = fn.resultType().fieldNames();
        for (int i = 0; i < names.length; i++) {
            // Declared nullable and without metadata, so the struct's type is the one the call announced.
            AttributeReference field = (AttributeReference) out.get(first + i);
            struct.add(Literal.create(names[i], DataTypes.StringType));
            struct.add(field.withNullability(true).withMetadata(Metadata.empty()));
        }
        Expression value = new CreateNamedStruct(seq(struct));
        if (fn.skip) {
            value = new If(new IsNotNull(out.get(out.size() - 1)), Literal.create(null, fn.resultType()), value);
        }
        Alias result = alias(value, fn.name());
        outer.add(result);
        return new Planned(new Project(seq(outer), stagePlan), result.toAttribute());
    }

    private static LogicalPlan substitute(LogicalPlan staged, LocalRelation placeholder, LogicalPlan plan) {
        int[] found = {0};
        LogicalPlan out = substitute(staged, placeholder, plan, found);
        if (found[0] != 1) {
            throw new IllegalStateException("sparkformers: the planned stage holds " + found[0]
                    + " copies of its input; expected 1:\n" + staged.treeString());
        }
        return out;
    }

    private static LogicalPlan substitute(LogicalPlan p, LocalRelation placeholder, LogicalPlan plan, int[] found) {
        if (p == placeholder || (p instanceof LocalRelation && p.equals(placeholder))) {
            found[0]++;
            return plan;
        }
        return (LogicalPlan) p.mapChildren(c -> substitute(c, placeholder, plan, found));
    }

    private static String fresh(String name, Set<String> taken) {
        String n = name;
        for (int i = 1; taken.contains(n); i++) {
            n = name + i;
        }
        taken.add(n);
        return n;
    }

    private static Alias alias(Expression e, String name) {
        return new Alias(
                e,
                name,
                org.apache.spark.sql.catalyst.expressions.NamedExpression$.MODULE$.newExprId(),
                seq(List.of()),
                Option.empty(),
                seq(List.of()));
    }

    private static <T> List<T> list(scala.collection.Seq<T> s) {
        return ScalaCollections.list(s);
    }

    private static <T> scala.collection.immutable.List<T> seq(List<T> l) {
        return ScalaCollections.seq(l);
    }

    @SuppressWarnings("unchecked")
    private static scala.collection.immutable.List<NamedExpression> named(List<Attribute> l) {
        return (scala.collection.immutable.List<NamedExpression>) (scala.collection.immutable.List<?>) seq(l);
    }
}

package io.sparkformers.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.task.Task;
import io.sparkformers.task.Tasks;
import io.sparkformers.testing.Spark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import scala.Function1;

/**
 * The contract every stage keeps, checked over the task registry as Spark's {@code ParamsSuite.checkParams} and
 * {@code DefaultReadWriteTest} check MLlib's: a stage added to the registry is covered without a test of its own.
 */
class StageContractTest {
    @TempDir
    static Path tmp;

    private static Stream<DynamicTest> each(String what, Consumer<Task> check) {
        return Tasks.ALL.stream().map(t -> DynamicTest.dynamicTest(t.name() + ": " + what, () -> check.accept(t)));
    }

    /** Every Param belongs to the stage, is documented, and has a default (the model's path is the one required). */
    @TestFactory
    Stream<DynamicTest> paramsAreDocumentedWithDefaults() {
        return each("params", t -> {
            ModelStage<?> s = t.stage().get();
            Param<?>[] params = s.params();
            assertTrue(params.length > 0);
            List<String> names = Arrays.stream(params).map(Param::name).toList();
            assertEquals(names.stream().sorted().toList(), names, "params() sorted by name, as Spark lists them");
            for (Param<?> p : params) {
                assertEquals(s.uid(), p.parent(), p.name());
                assertEquals(p, s.getParam(p.name()));
                assertFalse(p.doc().isBlank(), p.name() + " has no doc");
                if (!p.name().equals("modelPath")) {
                    assertTrue(s.hasDefault(p), t.name() + ": " + p.name() + " has no default");
                    assertTrue(s.explainParam(p).contains("(default: "), s.explainParam(p));
                }
            }
            assertFalse(s.isDefined(s.modelPath()), "the model path is the user's to give");
            assertTrue(
                    t.options().contains("batchSize") && t.options().contains("handleInvalid"),
                    t.options().toString());
        });
    }

    /** A value a choice does not take is refused with the values it takes, however it is set. */
    @TestFactory
    Stream<DynamicTest> choicesListTheirValues() {
        return each("choices", t -> {
            ModelStage<?> s = t.stage().get();
            int choices = 0;
            for (Param<?> p : s.params()) {
                if (p instanceof ChoiceParam c) {
                    choices++;
                    IllegalArgumentException e = assertThrows(
                            IllegalArgumentException.class, () -> s.copy(new ParamMap().put(c, "no-such-value")));
                    assertTrue(
                            e.getMessage().contains(p.name()) && e.getMessage().contains(String.join(", ", c.values())),
                            e.getMessage());
                    for (String v : c.values()) {
                        assertEquals(v, s.copy(new ParamMap().put(c, v)).getOrDefault(c));
                    }
                }
            }
            assertTrue(choices >= 2, t.name() + ": device and handleInvalid are choices");
        });
    }

    /** {@code copy} keeps the uid and every value, takes the extra ones, and leaves the original as it was. */
    @TestFactory
    Stream<DynamicTest> copyKeepsParams() {
        return each("copy", t -> {
            ModelStage<?> s = configured(t);
            Transformer same = s.copy(ParamMap.empty());
            assertNotSame(s, same);
            assertEquals(s.getClass(), same.getClass());
            try {
                // As ParamsSuite.checkParams asks: copy is declared to return the stage's own class.
                assertEquals(
                        s.getClass(),
                        s.getClass().getMethod("copy", ParamMap.class).getReturnType());
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
            assertEquals(s.uid(), same.uid());
            assertSameValues(s, (ModelStage<?>) same);
            ParamMap extra = ParamMap.empty().put(s.batchSize(), 3);
            ModelStage<?> other = (ModelStage<?>) s.copy(extra);
            assertEquals(3, other.getBatchSize());
            assertNotEquals(3, s.getBatchSize());
        });
    }

    /** Every Param has a public Java getter, {@code getX()} for {@code x}, giving its value or default. */
    @TestFactory
    Stream<DynamicTest> everyParamHasAGetter() {
        return each("getters", t -> {
            ModelStage<?> s = configured(t);
            for (Param<?> p : s.params()) {
                String getter = "get" + Character.toUpperCase(p.name().charAt(0))
                        + p.name().substring(1);
                try {
                    Method m = s.getClass().getMethod(getter);
                    assertTrue(java.util.Objects.deepEquals(s.getOrDefault(p), m.invoke(s)), t.name() + ": " + getter);
                } catch (NoSuchMethodException e) {
                    throw new AssertionError(t.name() + ": no " + getter + "() for Param " + p.name());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    /** Saved and loaded alone (through the stage's static {@code load}) and inside a {@code PipelineModel}. */
    @TestFactory
    Stream<DynamicTest> persistenceKeepsParams() {
        Spark.session();
        return each("save/load", t -> {
            try {
                ModelStage<?> s = configured(t);
                String alone = tmp.resolve(t.name()).toString();
                s.write().overwrite().save(alone);
                Method load = s.getClass().getMethod("load", String.class);
                assertEquals(s.getClass(), load.getReturnType(), "load returns the stage's own type");
                ModelStage<?> back = (ModelStage<?>) load.invoke(null, alone);
                assertEquals(s.uid(), back.uid());
                assertSameValues(s, back);

                String piped = tmp.resolve(t.name() + "-pipeline").toString();
                new PipelineModel("pipeline-" + t.name(), new Transformer[] {s})
                        .write()
                        .overwrite()
                        .save(piped);
                Transformer inside = PipelineModel.load(piped).stages()[0];
                assertEquals(s.getClass(), inside.getClass());
                assertSameValues(s, (ModelStage<?>) inside);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(t.name() + ": no public static load(String)", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Schema errors name the column: a missing input, and an output that would overwrite an existing column. */
    @TestFactory
    Stream<DynamicTest> schemaErrorsNameTheColumn() {
        return each("transformSchema", t -> {
            ModelStage<?> s =
                    t.stage().get().setModelPath(tmp.resolve("no-such-model").toString());
            String[] columns = new String[t.required()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = "in_" + t.inputs().get(i);
            }
            t.binder().accept(s, columns);
            if (s.hasParam("outputCols")) {
                // The generic graph's columns are its outputs' names unless named: named, its schema needs no graph
                // either.
                s.setParam(s.getParam("outputCols"), new String[] {"y"});
            }
            IllegalArgumentException missing = assertThrows(
                    IllegalArgumentException.class,
                    () -> s.transformSchema(new StructType().add("other", DataTypes.StringType)));
            assertTrue(missing.getMessage().contains("'" + columns[0] + "'"), missing.getMessage());
            s.setErrorCol("taken");
            StructType withInputs = new StructType();
            for (int i = 0; i < columns.length; i++) {
                withInputs = withInputs.add(columns[i], DataType.fromDDL(t.canonicalType(i)));
            }
            StructType clash = withInputs.add("taken", DataTypes.StringType);
            IllegalArgumentException exists =
                    assertThrows(IllegalArgumentException.class, () -> s.transformSchema(clash));
            assertTrue(exists.getMessage().contains("'taken'"), exists.getMessage());
        });
    }

    /** A stage with every option moved off its default (by a value its validator takes) and a model path. */
    private static ModelStage<?> configured(Task t) {
        ModelStage<?> s = t.stage().get().setModelPath("/models/" + t.name());
        String[] columns = t.inputs().subList(0, t.required()).stream()
                .map(r -> "col_" + r)
                .toArray(String[]::new);
        t.binder().accept(s, columns);
        List<String> moved = new ArrayList<>();
        for (String name : t.options()) {
            Param<?> p = s.getParam(name);
            Object v = other(p, s.getDefault(p).get());
            if (v != null && p.isValid() != null && isValid(p, v)) {
                s.setParam(p, v);
                moved.add(name);
            }
        }
        assertTrue(moved.size() > t.options().size() / 2, t.name() + ": only " + moved + " of " + t.options());
        return s;
    }

    @SuppressWarnings("unchecked")
    private static boolean isValid(Param<?> p, Object v) {
        return ((Function1<Object, Object>) p.isValid()).apply(v).equals(Boolean.TRUE);
    }

    /** Another value of the Param's type than {@code d}: columns renamed, numbers moved, booleans flipped. */
    private static Object other(Param<?> p, Object d) {
        if (p instanceof IntParam) {
            return (Integer) d + 1;
        } else if (p instanceof LongParam) {
            return (Long) d + 1024;
        } else if (p instanceof DoubleParam) {
            return (Double) d / 2 + 0.125;
        } else if (p instanceof BooleanParam) {
            return !(Boolean) d;
        } else if (p instanceof StringArrayParam) {
            return new String[] {"X", "Y"};
        } else if (p instanceof IntArrayParam) {
            return new int[] {0, 2};
        } else if (d instanceof String str && p.name().endsWith("Col")) {
            return str + "_x";
        }
        return null;
    }

    private static void assertSameValues(ModelStage<?> want, ModelStage<?> got) {
        for (Param<?> p : want.params()) {
            Param<?> q = got.getParam(p.name());
            assertEquals(want.isSet(p), got.isSet(q), p.name() + " set");
            if (want.isDefined(p)) {
                assertEquals(text(want.getOrDefault(p)), text(got.getOrDefault(q)), p.name());
            }
        }
    }

    private static String text(Object v) {
        if (v instanceof Object[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }
}

package io.sparkformers.task;

import io.sparkformers.ml.ChoiceParam;
import io.sparkformers.ml.ModelStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Writes the Python package's {@code sparkformers/ml.py}: one {@code pyspark.ml}-style class per stage of the registry,
 * with the Java stage's Params (names, docs, types and defaults) read from the stage itself, so the two cannot
 * drift ({@code PythonStagesTest} fails the build when the checked-in file differs).
 */
public final class PythonStages {
    private PythonStages() {}

    /** The stages of the registry, once each, in registry order. */
    static List<ModelStage<?>> stages() {
        Map<String, ModelStage<?>> byClass = new LinkedHashMap<>();
        for (Task t : Tasks.ALL) {
            ModelStage<?> s = t.stage().get();
            byClass.putIfAbsent(s.getClass().getName(), s);
        }
        return new ArrayList<>(byClass.values());
    }

    /** The whole module's source. */
    public static String module() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated from the Java stages by io.sparkformers.task.PythonStages: do not edit.\n");
        sb.append("# Regenerate with: mvn -pl jobs test -Dtest=PythonStagesTest -Dsparkformers.updatePython=true\n");
        sb.append(
                "\"\"\"The sparkformers stages as pyspark.ml transformers (keyword constructors, camelCase Params).\"\"\"\n");
        sb.append("from typing import List, Optional\n\n");
        sb.append("from pyspark import keyword_only\n");
        sb.append("from pyspark.ml.param import Param, Params, TypeConverters\n\n");
        sb.append("from sparkformers._stage import SparkformersStage, one_of\n\n");
        List<String> names = new ArrayList<>();
        for (ModelStage<?> s : stages()) {
            names.add(s.getClass().getSimpleName());
        }
        sb.append("__all__ = [")
                .append(String.join(
                        ", ", names.stream().map(n -> "\"" + n + "\"").toList()));
        sb.append("]\n");
        List<String> shared = shared();
        sb.append("\n\n").append(sharedClass(shared));
        for (ModelStage<?> s : stages()) {
            sb.append("\n\n").append(stageClass(s, shared));
        }
        return sb.toString();
    }

    /** The Params every stage has (ModelStage's own), declared once in a mixin as PySpark's shared Params are. */
    static List<String> shared() {
        List<String> names = null;
        for (ModelStage<?> s : stages()) {
            List<String> own =
                    java.util.Arrays.stream(s.params()).map(Param::name).toList();
            names = names == null
                    ? new ArrayList<>(own)
                    : new ArrayList<>(names.stream().filter(own::contains).toList());
        }
        return names;
    }

    private static String sharedClass(List<String> shared) {
        ModelStage<?> any = stages().get(0);
        StringBuilder sb = new StringBuilder();
        sb.append("class _StageParams(SparkformersStage):\n");
        sb.append("    \"\"\"The Params every sparkformers stage has (io.sparkformers.ml.ModelStage).\"\"\"\n\n");
        for (String n : shared) {
            sb.append(declaration(any.getParam(n)));
        }
        for (String n : shared) {
            sb.append(accessors(any.getParam(n), "SparkformersStage"));
        }
        return sb.toString();
    }

    private static String declaration(Param<?> p) {
        return "    " + p.name() + " = Param(Params._dummy(), \"" + p.name() + "\", \"" + escape(p.doc())
                + "\", typeConverter=" + typeConverter(p) + ")\n";
    }

    /** A choice checks its value in Python too, listing the allowed ones; the rest convert as PySpark's own. */
    private static String typeConverter(Param<?> p) {
        if (p instanceof ChoiceParam c) {
            return "one_of("
                    + String.join(
                            ", ", c.values().stream().map(v -> "\"" + v + "\"").toList()) + ")";
        }
        return "TypeConverters." + converter(p);
    }

    private static String accessors(Param<?> p, String self) {
        String cap = Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        return "\n    def set" + cap + "(self, value: " + pyType(p) + ") -> \"" + self + "\":\n"
                + "        \"\"\"Sets ``" + p.name() + "``.\"\"\"\n"
                + "        return self._set(" + p.name() + "=value)\n"
                + "\n    def get" + cap + "(self) -> " + pyType(p) + ":\n"
                + "        \"\"\"Gets ``" + p.name() + "`` or its default.\"\"\"\n"
                + "        return self.getOrDefault(self." + p.name() + ")\n";
    }

    private static String stageClass(ModelStage<?> s, List<String> shared) {
        String name = s.getClass().getSimpleName();
        StringBuilder sb = new StringBuilder();
        sb.append("class ").append(name).append("(_StageParams):\n");
        sb.append("    \"\"\"")
                .append(name)
                .append(" (")
                .append(s.getClass().getName())
                .append(").\n\n");
        for (Task t : Tasks.ALL) {
            if (t.stage().get().getClass() == s.getClass()) {
                sb.append("    Task ``")
                        .append(t.name())
                        .append("``: ")
                        .append(t.summary())
                        .append(".\n");
            }
        }
        sb.append("\n    Params (Java name, default):\n\n");
        for (Param<?> p : s.params()) {
            sb.append("    - ``")
                    .append(p.name())
                    .append("`` (")
                    .append(
                            s.hasDefault(p)
                                    ? "default ``" + python(s.getDefault(p).get()) + "``"
                                    : "no default")
                    .append("): ")
                    .append(escape(p.doc()))
                    .append('\n');
        }
        sb.append("    \"\"\"\n\n");
        sb.append("    _java_class = \"").append(s.getClass().getName()).append("\"\n\n");
        for (Param<?> p : s.params()) {
            sb.append(declaration(p));
        }
        String kwargs = String.join(
                ", ",
                java.util.Arrays.stream(s.params())
                        .map(p -> p.name() + ": Optional[" + pyType(p) + "] = None")
                        .toList());
        sb.append("\n    @keyword_only\n");
        sb.append("    def __init__(self, *, ").append(kwargs).append("):\n");
        sb.append("        super().__init__()\n");
        sb.append("        self._java_obj = self._new_java_obj(self._java_class, self.uid)\n");
        List<String> defaults = new ArrayList<>();
        for (Param<?> p : s.params()) {
            if (s.hasDefault(p)) {
                defaults.add(p.name() + "=" + python(s.getDefault(p).get()));
            }
        }
        sb.append("        self._setDefault(")
                .append(String.join(", ", defaults))
                .append(")\n");
        sb.append("        self.setParams(**self._input_kwargs)\n\n");
        sb.append("    @keyword_only\n");
        sb.append("    def setParams(self, *, ")
                .append(kwargs)
                .append(") -> \"")
                .append(name)
                .append("\":\n");
        sb.append("        \"\"\"Sets the Params given by keyword.\"\"\"\n");
        sb.append("        return self._set(**self._input_kwargs)\n");
        for (Param<?> p : s.params()) {
            if (!shared.contains(p.name())) {
                sb.append(accessors(p, name));
            }
        }
        return sb.toString();
    }

    private static String converter(Param<?> p) {
        if (p instanceof IntParam || p instanceof LongParam) {
            return "toInt";
        } else if (p instanceof DoubleParam) {
            return "toFloat";
        } else if (p instanceof BooleanParam) {
            return "toBoolean";
        } else if (p instanceof StringArrayParam) {
            return "toListString";
        } else if (p instanceof IntArrayParam) {
            return "toListInt";
        }
        return "toString";
    }

    private static String pyType(Param<?> p) {
        return switch (converter(p)) {
            case "toInt" -> "int";
            case "toFloat" -> "float";
            case "toBoolean" -> "bool";
            case "toListString" -> "List[str]";
            case "toListInt" -> "List[int]";
            default -> "str";
        };
    }

    /** A Java default as a Python literal. */
    static String python(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        } else if (v instanceof String str) {
            return "\"" + escape(str) + "\"";
        } else if (v instanceof String[] a) {
            return "["
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(a).map(PythonStages::python).toList()) + "]";
        } else if (v instanceof int[] a) {
            return java.util.Arrays.toString(a);
        } else if (v instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? String.format(Locale.ROOT, "%.1f", d) : d.toString();
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }
}

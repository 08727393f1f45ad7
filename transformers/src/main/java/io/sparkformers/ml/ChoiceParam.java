package io.sparkformers.ml;

import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * A String Param that takes one of a few values ({@code handleInvalid}: error, skip, keep), and lists them when given
 * another — Spark's own check says only that the value is invalid. The Python classes check it the same way.
 */
public final class ChoiceParam extends Param<String> {
    private static final long serialVersionUID = 1L;
    private final List<String> values;

    public ChoiceParam(Params parent, String name, String doc, String... values) {
        super(parent, name, doc, ParamValidators.inArray(values));
        this.values = List.of(values);
    }

    /** The values this Param takes, in the order its doc gives them. */
    public List<String> values() {
        return values;
    }

    /** Called by Spark whenever a value is set (setters, ParamMaps, loading, Python). */
    @Override
    public void validate(String value) {
        if (!values.contains(value)) {
            throw new IllegalArgumentException(parent() + " parameter " + name() + " given invalid value '" + value
                    + "'; it takes one of: " + String.join(", ", values));
        }
    }
}

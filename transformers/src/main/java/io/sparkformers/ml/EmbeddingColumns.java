package io.sparkformers.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The Params every embedding stage shares (image, text): the Vector column, how tokens are pooled, L2
 * normalisation and the optional raw hidden states. A stage owns one, exposes it through {@link EmbeddingParams}
 * and says which poolings it offers.
 */
public final class EmbeddingColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> outputCol;
    final ChoiceParam pooling;
    final BooleanParam normalize;
    final Param<String> hiddenStateCol;

    EmbeddingColumns(Params parent, String[] poolings, String poolingDoc, String hiddenStateDoc) {
        outputCol = new Param<>(parent, "outputCol", "embedding column, a Vector (default embedding)");
        pooling = new ChoiceParam(parent, "pooling", poolingDoc, poolings);
        normalize = new BooleanParam(
                parent,
                "normalize",
                "scale embeddings to unit L2 norm (default false; left unset on a sentence-transformers folder, its"
                        + " Normalize module decides)");
        hiddenStateCol = new Param<>(parent, "hiddenStateCol", hiddenStateDoc);
    }

    boolean wantsHiddenStates(Params p) {
        return !p.getOrDefault(hiddenStateCol).isEmpty();
    }

    /** The embedding Vector, then the flattened hidden states when asked for. */
    List<StructField> fields(Params p) {
        List<StructField> out = new ArrayList<>();
        out.add(DataTypes.createStructField(p.getOrDefault(outputCol), SQLDataTypes.VectorType(), true));
        if (wantsHiddenStates(p)) {
            out.add(DataTypes.createStructField(
                    p.getOrDefault(hiddenStateCol), DataTypes.createArrayType(DataTypes.FloatType, false), true));
        }
        return out;
    }
}

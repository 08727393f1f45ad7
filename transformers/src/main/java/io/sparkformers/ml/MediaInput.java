package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A stage's input part for one modality ({@link ImageInput}, {@link AudioInput}, {@link TextInput}): its Params
 * (created on the stage, shown by {@link ImageParams}, {@link AudioParams}, {@link TextParams}), the columns it
 * accepts, the rows gathered before batching, the check that the graph takes what it fills, and the task it runs in
 * front of a head. A stage is one such part and one head ({@link MediaStage}).
 */
interface MediaInput extends Serializable {
    /** {@code image}, {@code audio} or {@code text}: the default input column, and the modality in messages. */
    String modality();

    /** Throws, naming the column and the types accepted, when {@code column} cannot feed this input. */
    void checkInputType(String column, DataType type);

    /** Rows gathered before batching (more than a batch: the engine sorts them by size). */
    int window(int batchSize);

    /** Checks, on the driver, that the graph takes what this input fills. */
    void check(ModelDirectory model, OnnxModel session);

    /** The stage's input column prepared by this input in front of {@code head}. */
    Composition<?> task(StructType inputSchema, SerializableHadoopConf conf, Head.Factory<Object> head);

    /** {@code fields} (the head's columns) followed by the columns the input adds (a text's truncation flag). */
    default List<StructField> withInputFields(List<StructField> fields) {
        return fields;
    }
}

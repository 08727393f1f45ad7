package io.sparkformers.compat;

import java.util.List;
import scala.collection.JavaConverters;
import scala.collection.mutable.WrappedArray;

/**
 * Java and Scala collections where they meet Spark, for Scala 2.12 (the Spark 3.5 line): the twin of the Scala 2.13
 * class under {@code src/main/spark4_2.13}, with the same methods. Scala 2.12 has no {@code scala.jdk.javaapi} and
 * no {@code immutable.ArraySeq}; its {@code JavaConverters} and {@code WrappedArray} do the same.
 */
public final class ScalaCollections {
    private ScalaCollections() {}

    /** An immutable Scala list of {@code items}: a row's value for an array column, a Catalyst {@code Seq}. */
    public static <T> scala.collection.immutable.List<T> seq(List<T> items) {
        return JavaConverters.asScalaBufferConverter(items).asScala().toList();
    }

    /** A Java view of a Scala sequence (a row's array value, a function's arguments). */
    public static <T> List<T> list(scala.collection.Seq<T> seq) {
        return JavaConverters.seqAsJavaListConverter(seq).asJava();
    }

    /** {@code values} as an array column's value, not copied. */
    public static scala.collection.Seq<Object> wrap(float[] values) {
        return WrappedArray.make(values);
    }
}

package io.sparkformers.compat;

import java.util.List;
import scala.collection.immutable.ArraySeq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Java and Scala collections where they meet Spark (a row's array value, a Catalyst argument list), for Scala 2.13
 * (the Spark 4 line). Its Scala 2.12 twin under {@code src/main/spark3.5_2.12} has the same methods: callers compile
 * against either, so nothing else in the sources names a Scala collection class that exists on one line only.
 */
public final class ScalaCollections {
    private ScalaCollections() {}

    /** An immutable Scala list of {@code items}: a row's value for an array column, a Catalyst {@code Seq}. */
    public static <T> scala.collection.immutable.List<T> seq(List<T> items) {
        return CollectionConverters.asScala(items).toList();
    }

    /** A Java view of a Scala sequence (a row's array value, a function's arguments). */
    public static <T> List<T> list(scala.collection.Seq<T> seq) {
        return CollectionConverters.asJava(seq);
    }

    /** {@code values} as an array column's value, not copied. */
    public static scala.collection.Seq<Object> wrap(float[] values) {
        return ArraySeq.unsafeWrapArray(values);
    }
}

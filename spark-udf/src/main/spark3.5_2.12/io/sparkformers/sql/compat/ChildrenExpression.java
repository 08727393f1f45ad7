package io.sparkformers.sql.compat;

import io.sparkformers.compat.ScalaCollections;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.IndexedSeq;

/**
 * An expression whose copy with new children is written once, in Java types: Catalyst's
 * {@code withNewChildrenInternal} takes an {@code IndexedSeq} that is {@code immutable.IndexedSeq} on Scala 2.13 and
 * {@code collection.IndexedSeq} on 2.12, so the override lives here, once per Spark line.
 */
public abstract class ChildrenExpression extends Expression {
    @Override
    public final Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        return withChildren(ScalaCollections.list(newChildren));
    }

    /** This expression with {@code children} in place of its own. */
    protected abstract Expression withChildren(List<Expression> children);
}

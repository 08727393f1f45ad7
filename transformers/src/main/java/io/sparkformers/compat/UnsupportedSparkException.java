package io.sparkformers.compat;

/** The running Spark or Scala is not the line this jar was built for, or no line sparkformers supports. */
public final class UnsupportedSparkException extends IllegalStateException {
    public UnsupportedSparkException(String message) {
        super(message);
    }
}

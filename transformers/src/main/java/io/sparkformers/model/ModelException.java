package io.sparkformers.model;

/** A model directory that cannot be used; the message always names the path and what is wrong. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

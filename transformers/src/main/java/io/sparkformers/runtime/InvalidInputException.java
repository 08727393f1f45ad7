package io.sparkformers.runtime;

/** A row that cannot be processed; the message is the reason written to the error column. */
public class InvalidInputException extends Exception {
    public InvalidInputException(String reason) {
        super(reason);
    }

    public InvalidInputException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

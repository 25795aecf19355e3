package dev.copycost.experiment;

/** An experiment that could not be completed or whose data did not verify; the message says which and why. */
public class ExperimentFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExperimentFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public ExperimentFailedException(String message) {
        super(message);
    }
}

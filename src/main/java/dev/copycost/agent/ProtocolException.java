package dev.copycost.agent;

import java.io.IOException;

/** A peer broke the control protocol: wrong magic, an absurd frame length, a frame that is not a message, a message out of turn. */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.copycost.message;

import java.io.IOException;

/** The stream ended inside a message; says how far that message got. */
public class StreamTruncatedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long messageNumber;
    private final int field;
    private final int offsetInField;
    private final long bytesOfMessageReceived;

    public StreamTruncatedException(MessageLayout layout, long messageNumber, int field, int offsetInField) {
        super(text(layout, messageNumber, field, offsetInField));
        this.messageNumber = messageNumber;
        this.field = field;
        this.offsetInField = offsetInField;
        this.bytesOfMessageReceived = received(layout, field, offsetInField);
    }

    private static long received(MessageLayout layout, int field, int offsetInField) {
        return (long) field * layout.fieldSize() + offsetInField;
    }

    private static String text(MessageLayout layout, long messageNumber, int field, int offsetInField) {
        return "stream ended inside message " + messageNumber + " (field " + field + ", byte " + offsetInField + " of "
                + layout.fieldSize() + "): " + received(layout, field, offsetInField) + " of " + layout.messageSize()
                + " bytes of the message arrived";
    }

    public long messageNumber() {
        return messageNumber;
    }

    /** The field the stream ended in. */
    public int field() {
        return field;
    }

    /** Bytes of that field that arrived. */
    public int offsetInField() {
        return offsetInField;
    }

    public long bytesOfMessageReceived() {
        return bytesOfMessageReceived;
    }
}

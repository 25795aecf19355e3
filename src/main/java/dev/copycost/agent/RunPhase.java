package dev.copycost.agent;

/**
 * Where a run stands at the agent, and which of the sender's messages each phase accepts. Anything
 * else is out of turn and ends the run: a sender that ends a window it never began, or asks for the
 * final report before the receivers started, has lost track, and nothing it measured would be sound.
 */
enum RunPhase {
    /** Ready was sent; the data connections are arriving. */
    AWAIT_START("start"),
    /** The receivers run; outside a measured window. */
    RUNNING("begin-window or finish"),
    /** Inside a measured window. */
    IN_WINDOW("end-window"),
    /** The final report was sent. */
    FINISHED("nothing more");

    private final String accepts;

    RunPhase(String accepts) {
        this.accepts = accepts;
    }

    /** The phase after {@code message}; throws naming what this phase accepts if it is out of turn. */
    RunPhase next(ControlMessage message) throws ProtocolException {
        RunPhase next = switch (this) {
            case AWAIT_START -> message instanceof ControlMessage.Start ? RUNNING : null;
            case RUNNING -> message instanceof ControlMessage.BeginWindow ? IN_WINDOW
                    : message instanceof ControlMessage.Finish ? FINISHED : null;
            case IN_WINDOW -> message instanceof ControlMessage.EndWindow ? RUNNING : null;
            case FINISHED -> null;
        };
        if (next == null) {
            throw new ProtocolException("out of turn: " + typeOf(message) + " while " + label() + ", where only "
                    + accepts + " may come");
        }
        return next;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    static String typeOf(ControlMessage message) {
        return message.getClass().getSimpleName();
    }
}

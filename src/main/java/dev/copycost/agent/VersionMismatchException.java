package dev.copycost.agent;

/** The two ends speak different protocol versions; the message names both. */
public final class VersionMismatchException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final int theirs;

    VersionMismatchException(String peer, int theirs) {
        super(peer + " speaks copycost agent protocol version " + theirs + ", this end speaks version "
                + AgentProtocol.VERSION + ": use the same copycost release on both ends");
        this.theirs = theirs;
    }

    /** The version the peer announced. */
    public int theirs() {
        return theirs;
    }
}

package dev.copycost.agent;

import java.nio.ByteBuffer;

/**
 * The wire constants of the agent protocol. Every connection, control or data, starts with a
 * preamble of {@link #PREAMBLE_BYTES}: the magic {@code "CCAG"} and the protocol version as an
 * unsigned 16-bit big-endian number. The agent answers a control connection's preamble with its own,
 * so both ends learn both versions before anything version-dependent is sent; the preamble's shape
 * never changes between versions. Then come frames: a 4-byte big-endian length and that many bytes
 * of UTF-8 JSON, one {@link ControlMessage} per frame, at most {@link #MAX_FRAME} bytes.
 */
public final class AgentProtocol {
    /** "CCAG": copycost agent. */
    public static final int MAGIC = 0x43434147;
    /** Raised whenever a message changes shape; the ends refuse each other on a mismatch. */
    public static final int VERSION = 1;
    public static final int PREAMBLE_BYTES = 6;
    /** Bytes of the length that precedes every frame. */
    public static final int LENGTH_BYTES = 4;
    /**
     * The largest frame either end accepts. The largest message is a final report of 256 connections,
     * each at most a few hundred bytes, so 1 MiB leaves room without letting a peer claim gigabytes.
     */
    public static final int MAX_FRAME = 1 << 20;

    private AgentProtocol() {
    }

    /** The preamble this end sends. */
    public static byte[] preamble() {
        return preamble(VERSION);
    }

    /** A preamble announcing {@code version}: for tests of a mismatch. */
    static byte[] preamble(int version) {
        return ByteBuffer.allocate(PREAMBLE_BYTES).putInt(MAGIC).putShort((short) version).array();
    }

    /** Checks a received preamble; returns the version it announces, or throws naming what is wrong. */
    static int checkPreamble(byte[] preamble, String peer) throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(preamble);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new ProtocolException(peer + " sent magic 0x" + String.format("%08x", magic)
                    + " where a copycost agent connection starts with 0x" + String.format("%08x", MAGIC)
                    + " (\"CCAG\"): not a copycost peer");
        }
        int version = Short.toUnsignedInt(in.getShort());
        if (version != VERSION) {
            throw new VersionMismatchException(peer, version);
        }
        return version;
    }
}

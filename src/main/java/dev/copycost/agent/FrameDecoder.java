package dev.copycost.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what one peer sends, in whatever pieces TCP delivers it: first the preamble, then frames.
 * {@link #wanted()} says how many bytes complete the current part, so a blocking reader never reads
 * past a frame; a data connection's raw stream, which follows its hello, stays in the socket.
 *
 * <p>Memory is bounded by what arrived, never by what a peer declares: a frame's buffer grows with
 * its bytes, and a declared length above {@link AgentProtocol#MAX_FRAME} is refused before any byte
 * of it is read.
 */
final class FrameDecoder {
    private static final int FIRST_CHUNK = 4096;

    private final String peer;
    private final byte[] preamble = new byte[AgentProtocol.PREAMBLE_BYTES];
    private final byte[] lengthBytes = new byte[AgentProtocol.LENGTH_BYTES];
    private int preambleFill;
    private int lengthFill;
    private int frameLength = -1;
    private byte[] body = new byte[0];
    private int bodyFill;
    private boolean broken;

    /** @param peer who sends, for messages: e.g. {@code client 10.0.0.1:41234} */
    FrameDecoder(String peer) {
        this.peer = peer;
    }

    /** Whether the preamble has been read and checked. */
    boolean preambleDone() {
        return preambleFill == preamble.length;
    }

    /** Bytes that complete the part being read now (the preamble, a length, a body); always at least 1. */
    int wanted() {
        if (!preambleDone()) {
            return preamble.length - preambleFill;
        }
        if (frameLength < 0) {
            return lengthBytes.length - lengthFill;
        }
        return frameLength - bodyFill;
    }

    /**
     * Takes up to {@link #wanted()} bytes and returns the message they complete, or null if none yet.
     *
     * @throws ProtocolException for a wrong magic or version, a length out of bounds, a body that is
     *                           not a message; the decoder is then unusable
     */
    ControlMessage feed(byte[] data, int offset, int length) throws ProtocolException {
        if (broken) {
            throw new IllegalStateException("the stream from " + peer + " already broke the protocol");
        }
        if (length > wanted()) {
            throw new IllegalArgumentException(length + " bytes fed where " + wanted() + " complete the current part");
        }
        try {
            return take(data, offset, length);
        } catch (ProtocolException e) {
            broken = true;
            throw e;
        }
    }

    /** Feeds any number of bytes and returns every message they complete, in order. */
    List<ControlMessage> feedAll(byte[] data, int offset, int length) throws ProtocolException {
        List<ControlMessage> messages = new ArrayList<>();
        int end = offset + length;
        while (offset < end) {
            int n = Math.min(wanted(), end - offset);
            ControlMessage m = feed(data, offset, n);
            offset += n;
            if (m != null) {
                messages.add(m);
            }
        }
        return messages;
    }

    /** Bytes held for an unfinished frame; what this peer costs in memory now. */
    int bufferedBytes() {
        return body.length;
    }

    private ControlMessage take(byte[] data, int offset, int length) throws ProtocolException {
        if (!preambleDone()) {
            System.arraycopy(data, offset, preamble, preambleFill, length);
            preambleFill += length;
            if (preambleDone()) {
                AgentProtocol.checkPreamble(preamble, peer);
            }
            return null;
        }
        if (frameLength < 0) {
            System.arraycopy(data, offset, lengthBytes, lengthFill, length);
            lengthFill += length;
            if (lengthFill == lengthBytes.length) {
                startFrame(((lengthBytes[0] & 0xff) << 24) | ((lengthBytes[1] & 0xff) << 16)
                        | ((lengthBytes[2] & 0xff) << 8) | (lengthBytes[3] & 0xff));
            }
            return null;
        }
        if (bodyFill + length > body.length) {
            body = Arrays.copyOf(body, Math.min(frameLength, Math.max(2 * body.length, bodyFill + length)));
        }
        System.arraycopy(data, offset, body, bodyFill, length);
        bodyFill += length;
        if (bodyFill < frameLength) {
            return null;
        }
        ControlMessage message = ControlCodec.decode(body, frameLength, peer);
        frameLength = -1;
        lengthFill = 0;
        bodyFill = 0;
        body = new byte[0];
        return message;
    }

    private void startFrame(int length) throws ProtocolException {
        // read as signed: a length with the top bit set is negative, i.e. above 2 GiB
        if (length < 2 || length > AgentProtocol.MAX_FRAME) {
            throw new ProtocolException(peer + " declared a frame of " + Integer.toUnsignedString(length)
                    + " bytes: a frame holds 2 to " + AgentProtocol.MAX_FRAME + " bytes of JSON");
        }
        frameLength = length;
        body = new byte[Math.min(length, FIRST_CHUNK)];
    }
}

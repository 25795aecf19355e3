package dev.copycost.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Turns {@link ControlMessage}s into frames and frame bodies back into messages. Strict: a body that
 * is not one known message with exactly its fields is a {@link ProtocolException}, never a partly
 * filled message.
 */
public final class ControlCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // a counter's running share may be NaN where nothing was counted
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private ControlCodec() {
    }

    /** Encodes and decodes one message of each kind, so that the first client's handshake does not pay for it. */
    static void warmUp() throws ProtocolException {
        ControlMessage[] samples = {new ControlMessage.ControlHello(), new ControlMessage.DataHello("warm-up", 0),
            new ControlMessage.RunRequest("warm-up", 64, 1, 1, 1, 1, 1), new ControlMessage.Start()};
        for (ControlMessage m : samples) {
            byte[] body = body(m);
            decode(body, body.length, "warm-up");
        }
    }

    /** The frame of {@code message}: its length, then its JSON. */
    public static byte[] frame(ControlMessage message) {
        byte[] body = body(message);
        if (body.length > AgentProtocol.MAX_FRAME) {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " of " + body.length
                    + " bytes does not fit a frame of at most " + AgentProtocol.MAX_FRAME + " bytes");
        }
        return ByteBuffer.allocate(AgentProtocol.LENGTH_BYTES + body.length).putInt(body.length).put(body).array();
    }

    /** The preamble followed by the frames of {@code messages}: what opens a connection. */
    public static byte[] opening(ControlMessage... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(AgentProtocol.preamble());
        for (ControlMessage m : messages) {
            out.writeBytes(frame(m));
        }
        return out.toByteArray();
    }

    static byte[] body(ControlMessage message) {
        try {
            return JSON.writerFor(ControlMessage.class).writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    /** The message in one frame's body. */
    static ControlMessage decode(byte[] body, int length, String peer) throws ProtocolException {
        try {
            ControlMessage message = JSON.readValue(body, 0, length, ControlMessage.class);
            if (message == null) {
                throw new ProtocolException(peer + " sent a frame with no message (JSON null)");
            }
            return message;
        } catch (java.io.IOException | RuntimeException e) {
            String text = new String(body, 0, Math.min(length, 80), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "?");
            throw new ProtocolException(peer + " sent a frame of " + length + " bytes that is not a control message ("
                    + firstLine(e.getMessage()) + "); it begins: " + text, e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

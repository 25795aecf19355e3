package dev.copycost.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.copycost.experiment.RoleMeasure;
import java.util.List;

/**
 * The messages of the control protocol, one per frame, as JSON with a {@code "type"} naming the
 * message. The sender asks, the agent answers each request with exactly one reply, except
 * {@link ReceiverFailed}, which the agent sends unasked as soon as a receiver fails so that the
 * sender's wait ends at once.
 *
 * <pre>
 * sender                                agent
 *   ControlHello, RunRequest      ──►
 *                                 ◄──   Ready | Busy | Refused
 *   (T data connections: preamble, DataHello, then the raw stream)
 *   Start                         ──►
 *                                 ◄──   Started | Failed
 *   BeginWindow                   ──►
 *                                 ◄──   WindowBegun
 *   EndWindow                     ──►
 *                                 ◄──   WindowEnded (with the receivers' RoleMeasure)
 *   Finish                        ──►
 *                                 ◄──   FinalReport (per connection, the agent's environment)
 *                                 ◄──   ReceiverFailed (unasked, at any time after Started)
 * </pre>
 *
 * The records' components are the wire format; {@link RoleMeasure} and the counters' values travel
 * as they are, so changing them changes the protocol and must raise {@link AgentProtocol#VERSION}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ControlMessage.ControlHello.class, name = "control-hello"),
    @JsonSubTypes.Type(value = ControlMessage.DataHello.class, name = "data-hello"),
    @JsonSubTypes.Type(value = ControlMessage.RunRequest.class, name = "run"),
    @JsonSubTypes.Type(value = ControlMessage.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = ControlMessage.Busy.class, name = "busy"),
    @JsonSubTypes.Type(value = ControlMessage.Refused.class, name = "refused"),
    @JsonSubTypes.Type(value = ControlMessage.Start.class, name = "start"),
    @JsonSubTypes.Type(value = ControlMessage.Started.class, name = "started"),
    @JsonSubTypes.Type(value = ControlMessage.BeginWindow.class, name = "begin-window"),
    @JsonSubTypes.Type(value = ControlMessage.WindowBegun.class, name = "window-begun"),
    @JsonSubTypes.Type(value = ControlMessage.EndWindow.class, name = "end-window"),
    @JsonSubTypes.Type(value = ControlMessage.WindowEnded.class, name = "window-ended"),
    @JsonSubTypes.Type(value = ControlMessage.Finish.class, name = "finish"),
    @JsonSubTypes.Type(value = ControlMessage.FinalReport.class, name = "final-report"),
    @JsonSubTypes.Type(value = ControlMessage.ReceiverFailed.class, name = "receiver-failed"),
    @JsonSubTypes.Type(value = ControlMessage.Failed.class, name = "failed"),
})
public sealed interface ControlMessage {

    /** The first frame of a control connection. */
    record ControlHello() implements ControlMessage {
    }

    /** The first frame of a data connection: which run, which connection; the raw stream follows. */
    record DataHello(String runId, int connection) implements ControlMessage {
    }

    /**
     * What the sender is about to send.
     *
     * @param ringSlots     buffer sets the sender cycles through (its payload repeats with them)
     * @param payloadEvery  the payload of every k-th message is verified; stamps always
     * @param connections   data connections that will follow, one receiver each
     * @param ioTimeoutMillis bound on every blocking receive at the agent
     * @param silenceMillis the longest the sender will say nothing on the control connection (its
     *                      warm-up, or one measured window), so an agent whose idle timeout is shorter
     *                      refuses the run at once rather than ending it midway
     */
    record RunRequest(String runId, int messageSize, int ringSlots, int payloadEvery, int connections,
            long ioTimeoutMillis, long silenceMillis) implements ControlMessage {
    }

    record Ready() implements ControlMessage {
    }

    /** Another run is being served; the reason names it. */
    record Busy(String reason) implements ControlMessage {
    }

    /** The request exceeds a limit of the agent or is malformed; the reason names the value and the limit. */
    record Refused(String reason) implements ControlMessage {
    }

    /** Every data connection is open: start the receivers. */
    record Start() implements ControlMessage {
    }

    record Started() implements ControlMessage {
    }

    record BeginWindow() implements ControlMessage {
    }

    /** @param verified messages verified so far, per connection */
    record WindowBegun(long[] verified) implements ControlMessage {
    }

    record EndWindow() implements ControlMessage {
    }

    /** @param verified messages verified so far, per connection; {@code measure}: the receivers in the window */
    record WindowEnded(long[] verified, RoleMeasure measure) implements ControlMessage {
    }

    /** The senders have half-closed: wait up to {@code waitMillis} for every receiver to reach its end. */
    record Finish(long waitMillis) implements ControlMessage {
    }

    record FinalReport(List<ConnectionReport> connections, AgentEnvironment environment) implements ControlMessage {
    }

    /** A receiver failed (a corruption, a truncation, a lost connection); sent unasked. */
    record ReceiverFailed(ConnectionReport report) implements ControlMessage {
    }

    /** The agent ended the run, e.g. data connections did not arrive or a message came out of turn. */
    record Failed(String reason) implements ControlMessage {
    }
}

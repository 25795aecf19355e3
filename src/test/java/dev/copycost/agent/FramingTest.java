package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.experiment.RoleMeasure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preamble and frames of the agent protocol, read back as a peer reads them. */
class FramingTest {

    static List<ControlMessage> everyKind() {
        Map<CounterEvent, CounterValue> perf = new EnumMap<>(CounterEvent.class);
        perf.put(CounterEvent.TASK_CLOCK, new CounterValue(CounterEvent.TASK_CLOCK, true, 123_456_789L,
                CounterValue.KERNEL_AND_USER, 0.75, ""));
        perf.put(CounterEvent.CYCLES, CounterValue.unavailable(CounterEvent.CYCLES, "perf_event_open(cycles) failed: ENOENT"));
        RoleMeasure measure = new RoleMeasure(2, perf, 10, 3, 123_456_789L, "perf task-clock (kernel+user)", 0);
        ConnectionReport corrupt = new ConnectionReport(1, ConnectionReport.CORRUPT, 7, 7 * 512,
                new ConnectionReport.Corruption(7, 3, 17, 64, 7 * 512 + 3 * 64 + 17, false, "0x1a", "0x00",
                        "ring slot 0"), null, null);
        ConnectionReport truncated = new ConnectionReport(0, ConnectionReport.TRUNCATED, 9, 9 * 512, null,
                new ConnectionReport.Truncation(9, 2, 5), null);
        AgentEnvironment env = new AgentEnvironment("6.18.0", "Some CPU", 2, "eth0", "virtio_net", "1500",
                "tcp-segmentation-offload=on");
        return List.of(new ControlMessage.ControlHello(), new ControlMessage.DataHello("r-1", 3),
                new ControlMessage.RunRequest("r-1", 4096, 16, 2, 4, 5000, 2000), new ControlMessage.Ready(),
                new ControlMessage.Busy("busy: serving run x"), new ControlMessage.Refused("too many"),
                new ControlMessage.Start(), new ControlMessage.Started(), new ControlMessage.BeginWindow(),
                new ControlMessage.WindowBegun(new long[] {1, 2}), new ControlMessage.EndWindow(),
                new ControlMessage.WindowEnded(new long[] {5, 6}, measure), new ControlMessage.Finish(2500),
                new ControlMessage.FinalReport(List.of(truncated, corrupt), env),
                new ControlMessage.ReceiverFailed(corrupt), new ControlMessage.Failed("idle"));
    }

    /** Records with arrays compare by identity: compare their JSON instead. */
    static String json(ControlMessage m) {
        return new String(ControlCodec.body(m), StandardCharsets.UTF_8);
    }

    @Test
    void everyMessageSurvivesTheWireWithEveryField() throws Exception {
        List<ControlMessage> sent = everyKind();
        byte[] stream = ControlCodec.opening(sent.toArray(ControlMessage[]::new));
        List<ControlMessage> read = new FrameDecoder("peer").feedAll(stream, 0, stream.length);
        assertThat(read).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(read.get(i)).isInstanceOf(sent.get(i).getClass());
            assertThat(json(read.get(i))).isEqualTo(json(sent.get(i)));
        }
        ControlMessage.WindowEnded ended = (ControlMessage.WindowEnded) read.get(11);
        assertThat(ended.measure().counter(CounterEvent.TASK_CLOCK)).isEqualTo(123_456_789d);
        assertThat(ended.measure().perf().get(CounterEvent.CYCLES).reason()).contains("ENOENT");
        ConnectionReport corrupt = ((ControlMessage.ReceiverFailed) read.get(14)).report();
        assertThat(corrupt.toException(new dev.copycost.message.MessageLayout(512)))
                .hasMessage("stream corrupt in message 7, field 3, byte 17 of 64 (stream offset 3793): payload "
                        + "expected 0x1a, got 0x00; ring slot 0");
    }

    @Test
    void theDecoderNeverAsksForMoreThanTheCurrentPart() throws Exception {
        byte[] stream = ControlCodec.opening(new ControlMessage.DataHello("r", 0));
        FrameDecoder decoder = new FrameDecoder("peer");
        assertThat(decoder.wanted()).isEqualTo(AgentProtocol.PREAMBLE_BYTES);
        decoder.feed(stream, 0, AgentProtocol.PREAMBLE_BYTES);
        assertThat(decoder.wanted()).isEqualTo(AgentProtocol.LENGTH_BYTES);
        decoder.feed(stream, AgentProtocol.PREAMBLE_BYTES, AgentProtocol.LENGTH_BYTES);
        int body = stream.length - AgentProtocol.PREAMBLE_BYTES - AgentProtocol.LENGTH_BYTES;
        assertThat(decoder.wanted()).isEqualTo(body);
        assertThat(decoder.feed(stream, stream.length - body, body)).isEqualTo(new ControlMessage.DataHello("r", 0));
        assertThatThrownBy(() -> decoder.feed(new byte[8], 0, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 complete the current part");
    }

    @Test
    void aWrongMagicIsNamedWithTheOneExpected() {
        byte[] http = "GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new FrameDecoder("client 1.2.3.4:5").feedAll(http, 0, http.length))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("client 1.2.3.4:5 sent magic 0x47455420 where a copycost agent connection starts with "
                        + "0x43434147 (\"CCAG\"): not a copycost peer");
    }

    @Test
    void aVersionMismatchNamesBothVersions() {
        byte[] other = AgentProtocol.preamble(AgentProtocol.VERSION + 1);
        assertThatThrownBy(() -> new FrameDecoder("agent at 10.0.0.2:7300").feedAll(other, 0, other.length))
                .isInstanceOf(VersionMismatchException.class)
                .hasMessageContaining("agent at 10.0.0.2:7300 speaks copycost agent protocol version "
                        + (AgentProtocol.VERSION + 1) + ", this end speaks version " + AgentProtocol.VERSION);
    }

    @Test
    void lengthsOutsideTheBoundsAreRefusedBeforeAnyOfTheBodyIsRead() throws Exception {
        for (int length : new int[] {0, 1, AgentProtocol.MAX_FRAME + 1, Integer.MAX_VALUE, -1}) {
            FrameDecoder decoder = new FrameDecoder("peer");
            decoder.feedAll(AgentProtocol.preamble(), 0, AgentProtocol.PREAMBLE_BYTES);
            byte[] prefix = ByteBuffer.allocate(4).putInt(length).array();
            assertThatThrownBy(() -> decoder.feed(prefix, 0, 4)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("declared a frame of " + Integer.toUnsignedString(length) + " bytes")
                    .hasMessageContaining("2 to " + AgentProtocol.MAX_FRAME);
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void aBodyThatIsNotExactlyOneKnownMessageIsRefused() throws Exception {
        for (String body : new String[] {"{\"type\":\"launch-missiles\"}", "{\"type\":\"start\",\"extra\":1}",
            "{\"type\":\"data-hello\",\"runId\":\"r\"}", "null", "[1,2]", "{\"type\":\"start\"} {}", "\u00ff\u00fe"}) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
            FrameDecoder decoder = new FrameDecoder("peer");
            decoder.feedAll(AgentProtocol.preamble(), 0, AgentProtocol.PREAMBLE_BYTES);
            assertThatThrownBy(() -> decoder.feedAll(frame, 0, frame.length)).as(body)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("not a control message");
        }
    }

    @Test
    void aFrameThatWouldExceedTheMaximumIsNotWritten() {
        String huge = "x".repeat(AgentProtocol.MAX_FRAME);
        assertThatThrownBy(() -> ControlCodec.frame(new ControlMessage.Failed(huge)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit a frame of at most");
    }
}

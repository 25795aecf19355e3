package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.message.FieldStamp;
import dev.copycost.message.MessageLayout;
import dev.copycost.message.PayloadPattern;
import dev.copycost.strategy.StrategyName;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sender that dies in the middle of a message, seen from a receive agent in a process of its own:
 * the sender's sockets close with part of a message sent, as the kernel closes them when a process
 * dies. The agent must say which message, which field and how many bytes came, and serve the next run.
 */
class SenderDiesMidMessageTest {
    private static final int SIZE = 4096;
    private AgentProcess agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = AgentProcess.start("--handshake-timeout", "2s");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    /**
     * A dying process's descriptors close in no order the agent can count on: the data connection's
     * end may reach it before or after the control connection's.
     */
    @ParameterizedTest(name = "the {0} connection closes first")
    @ValueSource(strings = {"data", "control"})
    void theAgentReportsTheTruncatedMessageAndServesTheNextRun(String first) throws Exception {
        MessageLayout layout = new MessageLayout(SIZE);
        ControlMessage.RunRequest r = new ControlMessage.RunRequest("r-dies", SIZE, 1, 1, 1, 2000, 100);
        try (RawClient control = new RawClient(agent.address());
                RawClient data = new RawClient(agent.address())) {
            assertThat(control.openRun(r)).isInstanceOf(ControlMessage.Ready.class);
            data.send(ControlCodec.opening(new ControlMessage.DataHello(r.runId(), 0)));
            control.send(new ControlMessage.Start());
            assertThat(control.next()).isInstanceOf(ControlMessage.Started.class);
            byte[] messages = messages(layout, 3);
            // messages 0 and 1 whole, then message 2 up to byte 100 of its field 3
            int cut = 2 * SIZE + 3 * layout.fieldSize() + 100;
            data.send(java.util.Arrays.copyOf(messages, cut));
            (first.equals("data") ? data : control).close();
        } // closes the other
        String note = agent.awaitNote(n -> n.contains("run r-dies ended"), "that run r-dies ended");
        assertThat(note).contains("closed the connection")
                .contains("receiver 0 truncated after 2 verified messages: stream ended inside message 2 (field 3, byte 100 of "
                        + layout.fieldSize() + "): " + (3 * layout.fieldSize() + 100) + " of " + SIZE
                        + " bytes of the message arrived")
                .endsWith("; 2 messages verified on 1 connection");
        PointResult next = Experiment.run(ExperimentSpec.of(StrategyName.SENDMSG, SIZE, 1)
                .withTiming(Duration.ofMillis(20), Duration.ofMillis(100), 1),
                new AgentTopology("remote", agent.address(), Duration.ofSeconds(5)));
        assertThat(next.verifiedMessages()).isEqualTo(next.sentMessages()).isPositive();
    }

    /** Valid messages 0..count-1 of a ring of one slot, as a sender writes them. */
    private static byte[] messages(MessageLayout layout, int count) {
        ByteBuffer field = ByteBuffer.allocate(layout.fieldSize()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] out = new byte[count * layout.messageSize()];
        for (int n = 0; n < count; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                PayloadPattern.fill(field, layout.fieldSize(), 0, f);
                FieldStamp.write(field, n, f);
                field.get(0, out, n * layout.messageSize() + f * layout.fieldSize(), layout.fieldSize());
            }
        }
        return out;
    }
}

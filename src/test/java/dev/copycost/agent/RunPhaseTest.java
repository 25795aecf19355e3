package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which of the sender's messages each phase of a run at the agent accepts. */
class RunPhaseTest {
    private static final ControlMessage START = new ControlMessage.Start();
    private static final ControlMessage BEGIN = new ControlMessage.BeginWindow();
    private static final ControlMessage END = new ControlMessage.EndWindow();
    private static final ControlMessage FINISH = new ControlMessage.Finish(100);

    @Test
    void aRunGoesStartWindowsFinish() throws Exception {
        RunPhase phase = RunPhase.AWAIT_START.next(START);
        assertThat(phase).isEqualTo(RunPhase.RUNNING);
        for (int window = 0; window < 3; window++) {
            phase = phase.next(BEGIN);
            assertThat(phase).isEqualTo(RunPhase.IN_WINDOW);
            phase = phase.next(END);
            assertThat(phase).isEqualTo(RunPhase.RUNNING);
        }
        assertThat(phase.next(FINISH)).isEqualTo(RunPhase.FINISHED);
    }

    @Test
    void messagesOutOfTurnAreRefusedNamingWhatWasExpected() {
        assertThatThrownBy(() -> RunPhase.AWAIT_START.next(BEGIN)).isInstanceOf(ProtocolException.class)
                .hasMessage("out of turn: BeginWindow while await start, where only start may come");
        assertThatThrownBy(() -> RunPhase.RUNNING.next(END)).hasMessageContaining("only begin-window or finish");
        assertThatThrownBy(() -> RunPhase.RUNNING.next(START)).hasMessageContaining("out of turn: Start");
        assertThatThrownBy(() -> RunPhase.IN_WINDOW.next(FINISH)).hasMessageContaining("only end-window");
        assertThatThrownBy(() -> RunPhase.IN_WINDOW.next(BEGIN)).hasMessageContaining("only end-window");
        assertThatThrownBy(() -> RunPhase.FINISHED.next(BEGIN)).hasMessageContaining("only nothing more");
        assertThatThrownBy(() -> RunPhase.RUNNING.next(new ControlMessage.RunRequest("r", 64, 1, 1, 1, 1, 1)))
                .hasMessageContaining("out of turn: RunRequest");
    }
}

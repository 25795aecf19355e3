package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapsedStackTest {
    @Test
    void theThreadFrameBecomesNameAndTid() {
        List<CollapsedStack> s = CollapsedStack.parseAll(
                "[C2 CompilerThre tid=26855];clone3;start_thread 4\n\n[copycost-sender-0 tid=42];a;b_[k] 17\n");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).threadName()).isEqualTo("C2 CompilerThre");
        assertThat(s.get(0).tid()).hasValue(26855);
        assertThat(s.get(1).frames()).containsExactly("a", "b_[k]");
        assertThat(s.get(1).samples()).isEqualTo(17);
        assertThat(s.get(1).hasKernelFrame()).isTrue();
        assertThat(s.get(0).hasKernelFrame()).isFalse();
    }

    @Test
    void aStackWithoutThreadFrameHasNoTid() {
        CollapsedStack s = CollapsedStack.parseAll("a;b 3").get(0);
        assertThat(s.tid()).isEmpty();
        assertThat(s.frames()).containsExactly("a", "b");
    }

    @Test
    void aLineWithoutCountIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> CollapsedStack.parseAll("a;b 3\na;b;c\n")).hasMessageContaining("line 2")
                .hasMessageContaining("sample count");
    }
}

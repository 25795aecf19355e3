package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook a profiler hangs on: told of each measured window with the threads that do the work. */
class WindowObserverTest {
    @Test
    void theObserverSeesEveryWindowWithTheSenderAndReceiverThreadsAlive() throws Exception {
        List<String> events = new ArrayList<>();
        List<WindowObserver.WorkerThread> seen = new ArrayList<>();
        WindowObserver observer = new WindowObserver() {
            @Override
            public void windowStarts(List<WorkerThread> threads) {
                events.add("start");
                seen.addAll(threads);
                threads.forEach(t -> assertThat(t.thread().isAlive()).as("%s alive", t.thread().getName()).isTrue());
            }

            @Override
            public void windowEnds() {
                events.add("end");
            }
        };
        ExperimentSpec spec = ExperimentSpec.of(StrategyName.SENDMSG, 4096, 2)
                .withTiming(Duration.ofMillis(20), Duration.ofMillis(50), 2);
        PointResult result = Experiment.run(spec, Topology.LOOPBACK, observer);
        assertThat(result.repetitions()).hasSize(2);
        assertThat(events).containsExactly("start", "end", "start", "end");
        List<WindowObserver.WorkerThread> first = seen.subList(0, 4);
        assertThat(first).filteredOn(WindowObserver.WorkerThread::sender).extracting(WindowObserver.WorkerThread::index)
                .containsExactly(0, 1);
        assertThat(first).filteredOn(t -> !t.sender()).extracting(WindowObserver.WorkerThread::index)
                .containsExactly(0, 1);
        assertThat(first).allSatisfy(t -> assertThat(t.tid()).isPositive());
        assertThat(first).extracting(WindowObserver.WorkerThread::tid).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(t -> assertThat(t.thread().isAlive()).as("ended with its experiment").isFalse());
    }
}

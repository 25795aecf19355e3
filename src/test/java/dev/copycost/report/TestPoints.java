package dev.copycost.report;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Repetition;
import dev.copycost.experiment.RoleMeasure;
import dev.copycost.experiment.Summary;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Synthetic PointResults built through the experiment package's public API only. */
/** Shared by the report tests of every sub-package. */
public final class TestPoints {
    private TestPoints() {
    }

    /** Software events available, hardware events not: what a VM without a PMU gives. */
    public static Map<CounterEvent, CounterValue> perfWithoutPmu(long taskClock) {
        Map<CounterEvent, CounterValue> perf = new EnumMap<>(CounterEvent.class);
        for (CounterEvent e : CounterEvent.values()) {
            boolean software = e == CounterEvent.TASK_CLOCK || e == CounterEvent.CONTEXT_SWITCHES
                    || e == CounterEvent.CPU_MIGRATIONS || e == CounterEvent.PAGE_FAULTS;
            perf.put(e, software
                    ? new CounterValue(e, true, e == CounterEvent.TASK_CLOCK ? taskClock : 7, "kernel+user", 1.0, "")
                    : new CounterValue(e, false, 0, "", 0, "ENOENT: no PMU on this host"));
        }
        return perf;
    }

    /** Every event available, cycles = 3 per byte. */
    public static Map<CounterEvent, CounterValue> perfWithPmu(long taskClock, long bytes) {
        Map<CounterEvent, CounterValue> perf = new EnumMap<>(CounterEvent.class);
        for (CounterEvent e : CounterEvent.values()) {
            long v = switch (e) {
                case TASK_CLOCK -> taskClock;
                case CYCLES -> 3 * bytes;
                case CACHE_MISSES -> bytes / 64;
                default -> 11;
            };
            perf.put(e, new CounterValue(e, true, v, "user", 0.5, ""));
        }
        return perf;
    }

    /** A point whose windows moved {@code gbps[i]} each, over one second. */
    public static PointResult point(StrategyName strategy, int size, int threads, boolean pmu, ZeroCopyCounts zc,
            double... gbps) {
        ExperimentSpec spec = ExperimentSpec.of(strategy, size, threads)
                .withTiming(Duration.ofMillis(100), Duration.ofSeconds(1), gbps.length);
        List<Repetition> reps = new ArrayList<>();
        long messages = 0;
        for (int i = 0; i < gbps.length; i++) {
            long bytes = (long) (gbps[i] * 1e9 / 8);
            long msgs = bytes / size;
            bytes = msgs * size;
            messages += msgs;
            long senderCpu = bytes * (i + 1); // 1, 2, 3 ns per byte
            RoleMeasure sender = new RoleMeasure(threads, pmu ? perfWithPmu(senderCpu, bytes) : perfWithoutPmu(senderCpu),
                    10 + i, 2 * i, senderCpu, "perf task-clock (kernel+user)", 0);
            RoleMeasure receiver = new RoleMeasure(threads, perfWithoutPmu(bytes / 2), 20, 4, bytes / 2,
                    "perf task-clock (kernel+user)", 64);
            reps.add(new Repetition(i, 1.0, msgs, bytes, sender, receiver, i == 1 ? 1 : 0, i == 1 ? 3 : 0, 5));
        }
        Summary g = Summary.of(reps.stream().mapToDouble(Repetition::gbps).toArray());
        Summary m = Summary.of(reps.stream().mapToDouble(Repetition::messagesPerSecond).toArray());
        return new PointResult(spec, reps, g, m, g.cv() > spec.noisyCv(), messages + 5, messages + 5, zc,
                8L * size * strategy.ringSlots(16),
                java.util.Map.of("TCP_NODELAY", 0, "SO_SNDBUF", 16384, "SO_ZEROCOPY", strategy == StrategyName.ZEROCOPY ? 1 : 0), PointResult.LOOPBACK);
    }

    public static PointResult sendmsg(double... gbps) {
        return point(StrategyName.SENDMSG, 4096, 2, false, ZeroCopyCounts.NONE, gbps);
    }

    /** A ledger with mixed codes: 3 of 5 notifications flagged COPIED, covering 600 of 1000 sends. */
    public static PointResult zeroCopyPartlyCopied(ZeroCopyCounts zc) {
        return point(StrategyName.ZEROCOPY, 65536, 1, false, zc, 20, 21, 22);
    }

    public static PointResult zeroCopyAllCopied() {
        return point(StrategyName.ZEROCOPY, 65536, 1, false, new ZeroCopyCounts(1000, 1000, 1000, 250, 3, 0, 0),
                20, 21, 22);
    }
}

package dev.copycost.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic rows and environments, so findings can be checked against known answers. */
final class TestRows {
    private TestRows() {
    }

    static final EnvironmentFacts ENV = env(Map.of());

    static EnvironmentFacts env(Map<String, String> ci) {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("task-clock", "available (kernel+user)");
        events.put("context-switches", "available (kernel+user)");
        events.put("cycles", "unavailable: ENOENT (no PMU)");
        events.put("cache-misses", "unavailable: ENOENT (no PMU)");
        events.put("cache-references", "unavailable: ENOENT (no PMU)");
        return new EnvironmentFacts("6.1.0-test", "Test CPU 9000", 4, "OpenJDK 64-Bit Server VM 17", "20480 bytes",
                "8192 KiB (soft), 8192 KiB (hard)", "2", "software events only", "kernel+user", events,
                "unknown (no cpufreq)", "cpuinfo hypervisor flag: yes (virtual machine)", "testhost", ci,
                "2025-01-01T00:00:00Z");
    }

    /** A row builder with plausible defaults; only what a test cares about needs setting. */
    static final class Row {
        String strategy = "sendmsg";
        int size = 4096;
        int threads = 1;
        int repetitions = 3;
        double min = 9;
        double median = 10;
        double max = 11;
        boolean noisy;
        double senderCpu = 1.0;
        double receiverCpu = 1.2;
        double cycles = Double.NaN;
        double cacheMisses = Double.NaN;
        long zcCompleted;
        long zcCopied;
        long zcNotifications;
        long enobufs;
        double involuntary = 5;
        boolean gc;
        String cpuSource = "perf task-clock (kernel+user)";

        static Row of(String strategy, int size, int threads) {
            Row r = new Row();
            r.strategy = strategy;
            r.size = size;
            r.threads = threads;
            return r;
        }

        Row gbps(double min, double median, double max) {
            this.min = min;
            this.median = median;
            this.max = max;
            return this;
        }

        Row zeroCopy(long completed, long copied, long notifications) {
            this.zcCompleted = completed;
            this.zcCopied = copied;
            this.zcNotifications = notifications;
            return this;
        }

        double[] trials;

        /** Measured in independent trials with these Gbps: the row gets its 95% interval from them. */
        Row trials(double... gbps) {
            this.trials = gbps;
            return this;
        }

        private PointStatistics statistics() {
            if (trials == null) {
                return null;
            }
            java.util.List<TrialRow> perTrial = new java.util.ArrayList<>();
            for (int i = 0; i < trials.length; i++) {
                perTrial.add(new TrialRow(i + 1, 0, trials[i], senderCpu, receiverCpu, 1000, 1.0, 1.5));
            }
            dev.copycost.statistics.Interval cpu = dev.copycost.statistics.LogTInterval.ofValues(senderCpu, senderCpu);
            return new PointStatistics(trials.length, dev.copycost.statistics.LogTInterval.ofValues(trials), cpu, cpu,
                    "os", perTrial);
        }

        ResultRow build() {
            boolean zc = strategy.equals("zerocopy");
            double bytes = median * 1e9 / 8;
            return new ResultRow(strategy, size, threads, repetitions, median, min, max, 0.05, noisy,
                    bytes / size, senderCpu, senderCpu * 0.9, senderCpu * 1.1, receiverCpu, 100, 120, 0.5, cycles,
                    cycles * 2, cacheMisses, cacheMisses * 10, cycles / bytes, cacheMisses / bytes,
                    zc ? zcCompleted : 0, zcCompleted, zcCopied, zcNotifications, enobufs,
                    zc && zcCompleted > 0 ? zcCopied / (double) zcCompleted : Double.NaN,
                    zc && zcNotifications > 0 ? zcCompleted / (double) zcNotifications : Double.NaN,
                    1000, 0, 0.0, gc, cpuSource, "kernel+user", 8L * size, new double[] {min, median, max},
                    receiverCpu * 0.9, receiverCpu * 1.1, involuntary, involuntary, 1000, List.of(),
                    "SO_SNDBUF=16384 SO_ZEROCOPY=" + (zc ? 1 : 0) + " TCP_NODELAY=0", statistics(),
                    16L * size, zc ? zcCopied / Math.max(1, zcCompleted / Math.max(1, zcNotifications)) : Double.NaN);
        }
    }

    static ResultRow row(String strategy, int size, int threads, double min, double median, double max) {
        return Row.of(strategy, size, threads).gbps(min, median, max).build();
    }
}

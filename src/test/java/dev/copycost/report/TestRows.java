package dev.copycost.report;

import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.PointStatistics;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.TrialRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic rows and environments, so findings can be checked against known answers. */
/** Shared by the report tests of every sub-package. */
public final class TestRows {
    private TestRows() {
    }

    public static final EnvironmentFacts ENV = env(Map.of());

    /** The test host, its kernel's CONFIG_IRQ_TIME_ACCOUNTING as given. */
    public static EnvironmentFacts envWithIrqAccounting(String config) {
        EnvironmentFacts e = ENV;
        return new EnvironmentFacts(e.kernel(), e.cpuModel(), e.cores(), e.jdk(), e.optmemMax(), e.memlockLimit(),
                e.perfEventParanoid(), e.counters(), e.counterMode(), e.counterEvents(), e.cpuGovernor(),
                e.virtualisation(), e.hostname(), e.ci(), e.timestamp(), config);
    }

    public static EnvironmentFacts env(Map<String, String> ci) {
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
    public static final class Row {
        public String strategy = "sendmsg";
        public int size = 4096;
        public int threads = 1;
        public String topology = "loopback";
        public List<dev.copycost.report.results.RepetitionRow> windows = new java.util.ArrayList<>();
        public int repetitions = 3;
        public double min = 9;
        public double median = 10;
        public double max = 11;
        public boolean noisy;
        public double senderCpu = 1.0;
        public double receiverCpu = 1.2;
        public double cycles = Double.NaN;
        public double cacheMisses = Double.NaN;
        public long zcCompleted;
        public long zcCopied;
        public long zcNotifications;
        public long enobufs;
        public double involuntary = 5;
        public boolean gc;
        public String cpuSource = "perf task-clock (kernel+user)";

        public static Row of(String strategy, int size, int threads) {
            Row r = new Row();
            r.strategy = strategy;
            r.size = size;
            r.threads = threads;
            return r;
        }

        public Row gbps(double min, double median, double max) {
            this.min = min;
            this.median = median;
            this.max = max;
            return this;
        }

        public Row zeroCopy(long completed, long copied, long notifications) {
            this.zcCompleted = completed;
            this.zcCopied = copied;
            this.zcNotifications = notifications;
            return this;
        }

        public double[] trials;

        /** Measured in independent trials with these Gbps: the row gets its 95% interval from them. */
        public Row trials(double... gbps) {
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

        /** Adds a measured window with its raw CPU and switch counts. */
        public Row window(double seconds, long bytes, long senderCpuNanos, long receiverCpuNanos,
                long senderInvoluntary, long receiverInvoluntary) {
            return window(seconds, bytes, senderCpuNanos, receiverCpuNanos, senderInvoluntary, receiverInvoluntary,
                    Double.NaN);
        }

        /** As above, with the share of CPU time the hypervisor stole in the window. */
        public Row window(double seconds, long bytes, long senderCpuNanos, long receiverCpuNanos,
                long senderInvoluntary, long receiverInvoluntary, double steal) {
            windows.add(new dev.copycost.report.results.RepetitionRow(windows.size(), seconds, bytes / size, bytes,
                    bytes * 8 / seconds / 1e9, senderCpuNanos, receiverCpuNanos, 0, senderInvoluntary, 0,
                    receiverInvoluntary, 0, 0, 0, 0, 0, java.util.Map.of(), java.util.Map.of(), steal));
            return this;
        }

        public ResultRow build() {
            boolean zc = strategy.equals("zerocopy") || strategy.startsWith("uring-zc");
            double bytes = median * 1e9 / 8;
            return new ResultRow(strategy, size, threads, repetitions, median, min, max, 0.05, noisy,
                    bytes / size, senderCpu, senderCpu * 0.9, senderCpu * 1.1, receiverCpu, 100, 120, 0.5, cycles,
                    cycles * 2, cacheMisses, cacheMisses * 10, cycles / bytes, cacheMisses / bytes,
                    zc ? zcCompleted : 0, zcCompleted, zcCopied, zcNotifications, enobufs,
                    zc && zcCompleted > 0 ? zcCopied / (double) zcCompleted : Double.NaN,
                    zc && zcNotifications > 0 ? zcCompleted / (double) zcNotifications : Double.NaN,
                    1000, 0, 0.0, gc, cpuSource, "kernel+user", 8L * size, new double[] {min, median, max},
                    receiverCpu * 0.9, receiverCpu * 1.1, involuntary, involuntary, 1000, windows,
                    "SO_SNDBUF=16384 SO_ZEROCOPY=" + (zc ? 1 : 0) + " TCP_NODELAY=0", statistics(),
                    16L * size, zc ? zcCopied / Math.max(1, zcCompleted / Math.max(1, zcNotifications)) : Double.NaN,
                    topology);
        }
    }

    public static ResultRow row(String strategy, int size, int threads, double min, double median, double max) {
        return Row.of(strategy, size, threads).gbps(min, median, max).build();
    }
}

package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.PointStatistics;
import dev.copycost.report.results.ResultRow;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** CPU time per byte moved, by strategy, size and thread count, on each side of the connection. */
final class CostPerByte {
    private final RowIndex index;
    private final EnvironmentFacts env;

    CostPerByte(RowIndex index, EnvironmentFacts env) {
        this.index = index;
        this.env = env;
    }

    /** Sender ns per byte at the largest over the smallest size, fewest threads; NaN if either is missing. */
    double fallFactor(String strategy) {
        List<Integer> sizes = index.sizes();
        List<Integer> threads = index.threads(strategy);
        if (sizes.size() < 2 || threads.isEmpty()) {
            return Double.NaN;
        }
        Optional<ResultRow> small = index.get(strategy, sizes.get(0), threads.get(0));
        Optional<ResultRow> large = index.get(strategy, sizes.get(sizes.size() - 1), threads.get(0));
        return small.isPresent() && large.isPresent()
                ? small.get().senderCpuNsPerByte() / large.get().senderCpuNsPerByte() : Double.NaN;
    }

    /** The strategy with the lowest sender CPU per byte at one size and thread count. */
    Optional<ResultRow> cheapest(int size, int threads) {
        return index.rows().stream().filter(r -> r.size() == size && r.threads() == threads)
                .filter(r -> !Double.isNaN(r.senderCpuNsPerByte()))
                .min(java.util.Comparator.comparingDouble(ResultRow::senderCpuNsPerByte));
    }

    boolean hasCycles() {
        return index.rows().stream().anyMatch(r -> Double.isFinite(r.cyclesPerByte()));
    }

    String markdown() {
        List<Integer> threads = index.threads();
        StringBuilder md = new StringBuilder("## CPU cost per byte\n\n");
        String sources = index.rows().stream().map(ResultRow::cpuSource).distinct().collect(Collectors.joining(", "));
        md.append("CPU nanoseconds of all threads of a role per verified byte (CPU time from ")
                .append(sources).append("), measured on ").append(env.host())
                .append(". Cells: sender / receiver, each the geometric mean over the point's trials with its 95% "
                        + "interval where it has trials, else the median over windows.\n\n");
        md.append("| strategy | size |");
        threads.forEach(t -> md.append(' ').append(t).append(" connection(s) |"));
        md.append("\n|---|---:|").append("---|".repeat(threads.size())).append('\n');
        for (String s : index.strategies()) {
            for (int size : index.sizes()) {
                md.append("| ").append(s).append(" | ").append(Fmt.size(size)).append(" |");
                for (int t : threads) {
                    md.append(' ').append(index.get(s, size, t)
                            .map(CostPerByte::cell)
                            .orElse("–")).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
        md.append(busyMarkdown());
        for (String s : index.strategies()) {
            double fall = fallFactor(s);
            if (Double.isFinite(fall)) {
                md.append("- ").append(s).append(": sender CPU per byte at ").append(Fmt.size(index.sizes().get(0)))
                        .append(" is ").append(Fmt.times(fall)).append(" that at ")
                        .append(Fmt.size(index.sizes().get(index.sizes().size() - 1))).append(" (fewest connections)")
                        .append(fall > 2 ? ", consistent with fixed costs per call and per message dominating "
                                + "small messages." : ".")
                        .append('\n');
            }
        }
        if (hasCycles()) {
            md.append("\nSender cycles per byte (perf, sender threads):\n\n| strategy | size | ");
            md.append(threads.stream().map(t -> t + " connection(s)").collect(Collectors.joining(" | ")))
                    .append(" |\n|---|---:|").append("---:|".repeat(threads.size())).append('\n');
            for (String s : index.strategies()) {
                for (int size : index.sizes()) {
                    md.append("| ").append(s).append(" | ").append(Fmt.size(size)).append(" |");
                    for (int t : threads) {
                        md.append(' ').append(index.get(s, size, t).map(r -> Fmt.num(r.cyclesPerByte())).orElse("–"))
                                .append(" |");
                    }
                    md.append('\n');
                }
            }
        } else {
            md.append("\nNo cycles per byte: the cycles counter was unavailable on this host")
                    .append(Optional.ofNullable(env.unavailableCounters().get("cycles")).map(r -> " (" + r + ")").orElse(""))
                    .append(".\n");
        }
        return md.toString();
    }

    /** A role at least this busy is taken as saturated: its CPU per byte restates its throughput. */
    static final double SATURATED = 0.9;

    /**
     * How busy each thread was, the CPU of both roles per byte, and whose context the receive path's
     * softirq work ran in: without these, "sender / receiver" reads as "send path / receive path",
     * and a saturated thread's CPU per byte as a cost of its own.
     */
    String busyMarkdown() {
        List<ResultRow> rows = index.rows().stream().filter(r -> Double.isFinite(r.senderBusyShare())).toList();
        if (rows.isEmpty()) {
            return "";
        }
        List<Integer> threads = index.threads();
        StringBuilder md = new StringBuilder("Busy share of each thread (CPU time over the window; sender / receiver) "
                + "and the CPU of both roles per verified byte, medians over windows:\n\n| strategy | size |");
        threads.forEach(t -> md.append(' ').append(t).append(" connection(s) |"));
        md.append("\n|---|---:|").append("---|".repeat(threads.size())).append('\n');
        for (String s : index.strategies()) {
            for (int size : index.sizes()) {
                md.append("| ").append(s).append(" | ").append(Fmt.size(size)).append(" |");
                for (int t : threads) {
                    md.append(' ').append(index.get(s, size, t).filter(r -> Double.isFinite(r.senderBusyShare()))
                            .map(r -> Fmt.percent(r.senderBusyShare()) + " / " + Fmt.percent(r.receiverBusyShare())
                                    + " · " + Fmt.num(r.totalCpuNsPerByte()) + " ns/B")
                            .orElse("–")).append(" |");
                }
                md.append('\n');
            }
        }
        long saturated = rows.stream().filter(r -> r.senderBusyShare() >= SATURATED).count();
        md.append("\nAt ").append(saturated).append(" of ").append(rows.size()).append(" points the sender threads were "
                + "on a CPU for at least ").append(Fmt.percent(SATURATED)).append(" of the window. A role's CPU per "
                + "byte is always 8 × connections × busy share / Gbps; where the busy share is pinned near 100 % it "
                + "therefore restates the throughput and carries no information apart from it: compare strategies by "
                + "their total CPU per byte where both roles had CPU to spare.\n\n");
        md.append(softirqNote()).append("\n\n");
        return md.toString();
    }

    /**
     * Whose CPU time the stack's softirq work counts as. On loopback and veth a packet handed to the
     * stack is processed as softirq work on the CPU that sent it, in the context of whatever thread is
     * running there: the sender's for the data it transmits, the receiver's for the ACKs its reads send
     * and for data those ACKs let the sender's socket transmit. perf's task-clock counts a thread's
     * time on a CPU, softirq work run meanwhile included, whatever the kernel's configuration;
     * CONFIG_IRQ_TIME_ACCOUNTING only decides whether the scheduler's own cputime (/proc) keeps it apart.
     */
    String softirqNote() {
        String where = "Sender and receiver are threads, not send path and receive path. On loopback and across a veth "
                + "pair a packet handed to the stack is processed as softirq work on the CPU that sent it, in the "
                + "context of whichever thread is running there: the sender's for the data it transmits, the "
                + "receiver's for the ACKs its reads send back and for any data those ACKs let the sender's socket "
                + "transmit (ksoftirqd takes the work over only when it piles up). So the receive path's TCP work, and "
                + "for zerocopy the deferred copy, can land in either column, and the split moves with timing: compare "
                + "total CPU per byte. ";
        boolean taskClock = !index.rows().isEmpty()
                && index.rows().stream().allMatch(r -> r.cpuSource().startsWith("perf task-clock"));
        if (taskClock) {
            return where + "CPU time here is perf's task-clock, the time a thread was on a CPU: softirq work run while "
                    + "it was there is included whatever the kernel's configuration (CONFIG_IRQ_TIME_ACCOUNTING, "
                    + env.irqTimeAccounting() + " here, only changes the scheduler's own CPU times in /proc).";
        }
        String config = env.irqTimeAccounting();
        if (config.equals("y")) {
            return where + "Some CPU times here come from the scheduler (/proc), and this kernel has "
                    + "CONFIG_IRQ_TIME_ACCOUNTING=y: there softirq time is kept apart, in neither thread's CPU time.";
        }
        if (config.startsWith("not set")) {
            return where + "Some CPU times here come from the scheduler (/proc), and this kernel was built without "
                    + "CONFIG_IRQ_TIME_ACCOUNTING (" + config + " in /proc/config.gz): there softirq time counts as the "
                    + "CPU time of the thread it interrupted.";
        }
        return where + "Some CPU times here come from the scheduler (/proc); whether it keeps softirq time apart "
                + "(CONFIG_IRQ_TIME_ACCOUNTING) could not be read (" + config + ").";
    }

    /** "1.2 [1.1–1.3] / 0.8 [0.7–0.9]" where the point has trials, else the medians. */
    private static String cell(ResultRow r) {
        PointStatistics st = r.statistics();
        if (st.senderCpuNsPerByte().known() && st.receiverCpuNsPerByte().known()) {
            return Fmt.spread(st.senderCpuNsPerByte().estimate(), st.senderCpuNsPerByte().low(),
                    st.senderCpuNsPerByte().high()) + " / " + Fmt.spread(st.receiverCpuNsPerByte().estimate(),
                    st.receiverCpuNsPerByte().low(), st.receiverCpuNsPerByte().high());
        }
        return Fmt.num(r.senderCpuNsPerByte()) + " / " + Fmt.num(r.receiverCpuNsPerByte());
    }
}

package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.ThroughputSplit;
import dev.copycost.report.Fmt;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Each C-twin ratio taken apart ({@link ThroughputSplit}): did copycost's sender spend more CPU on a
 * message, or was it on a CPU for less of the window? The first is the harness; the second is where
 * the scheduler and the hypervisor put the threads, which no change to the harness removes.
 */
final class CostOrShare {
    private final List<ThroughputSplit> splits;
    private final double margin;

    /** @param splits the C-twin rows taken apart, those whose trials report their threads' CPU */
    CostOrShare(List<ThroughputSplit> splits, double margin) {
        this.splits = splits;
        this.margin = margin;
    }

    String markdown() {
        if (splits.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Cost per message, or time on a CPU\n\nA trial's sender spent c µs of "
                + "CPU per message and was on a CPU for a share s of the window (s = c × messages per second), so "
                + "copycost / C in Gbps = (s copycost / s C) ÷ (c copycost / c C), pair by pair. c is each sender "
                + "thread's CPU time in the window per message verified (perf task-clock or the JVM's thread CPU "
                + "time for copycost, the thread's CPU clock for the twin; both include the softirq work done in the "
                + "sender's system calls, except that a thread CPU clock leaves it out on a kernel that keeps "
                + "interrupt time apart, CONFIG_IRQ_TIME_ACCOUNTING, given in the environment); s is that CPU time "
                + "over the window. A higher c is what the harness costs per message; a lower s is time the sender "
                + "was off its CPU: waiting for its receiver or for completions, or preempted by its receiver, "
                + "another task or the hypervisor. Each factor has its own 95% interval over the pairs.\n\n"
                + "| strategy | size | copycost / C | sender µs per message: copycost · C | ratio [95%] "
                + "| sender's share on a CPU: copycost · C | ratio [95%] | receiver µs per message: copycost · C "
                + "| what the ratio comes from |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ThroughputSplit s : splits) {
            CalibrationRow r = s.row();
            md.append("| ").append(r.label()).append(" | ").append(Fmt.size(r.size())).append(" | ")
                    .append(HarnessEfficiency.ratio(r)).append(" | ")
                    .append(pair(s.copycost().senderCpuMicros(), s.reference().senderCpuMicros())).append(" | ")
                    .append(interval(s.senderCpu())).append(" | ")
                    .append(pair(s.copycost().senderShare(), s.reference().senderShare())).append(" | ")
                    .append(interval(s.senderShare())).append(" | ")
                    .append(pair(s.copycost().receiverCpuMicros(), s.reference().receiverCpuMicros())).append(" | ")
                    .append(reading(s)).append(" |\n");
        }
        md.append('\n').append(summary()).append("\n\n").append(largestSize()).append("\n\n");
        return md.toString();
    }

    /** Which factor carried the ratio: the cost per message, the share on a CPU, both, or neither decided. */
    String reading(ThroughputSplit s) {
        Verdict cost = Verdict.of(s.senderCpu(), margin);
        Verdict share = Verdict.of(s.senderShare(), margin);
        List<String> parts = new ArrayList<>();
        parts.add(switch (cost) {
            case AHEAD -> "more CPU per message";
            case BEHIND -> "less CPU per message";
            case EQUIVALENT -> "the same CPU per message";
            case UNDECIDED -> "CPU per message undecided";
        });
        parts.add(switch (share) {
            case AHEAD -> "on a CPU for more of the window";
            case BEHIND -> "on a CPU for less of the window";
            case EQUIVALENT -> "the same time on a CPU";
            case UNDECIDED -> "time on a CPU undecided";
        });
        return "copycost's sender: " + String.join("; ", parts);
    }

    /** The points where a message decidedly cost copycost's sender more, the same, or less. */
    private String summary() {
        List<String> costlier = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<String> cheaper = new ArrayList<>();
        for (ThroughputSplit s : splits) {
            String name = s.row().label() + " at " + Fmt.size(s.row().size()) + " ("
                    + Fmt.times(s.senderCpu().estimate()) + ")";
            switch (Verdict.of(s.senderCpu(), margin)) {
                case AHEAD -> costlier.add(name);
                case EQUIVALENT -> same.add(name);
                case BEHIND -> cheaper.add(name);
                case UNDECIDED -> { }
            }
        }
        List<String> sentences = new ArrayList<>();
        sentences.add(costlier.isEmpty() ? "At no point did a message decidedly cost copycost's sender more CPU than "
                + "the twin's." : "A message decidedly cost copycost's sender more CPU than the twin's at "
                + String.join(", ", costlier) + ": that is what the harness costs.");
        if (!same.isEmpty()) {
            sentences.add("At " + String.join(", ", same) + " a message cost both senders the same within ±"
                    + Fmt.percent(margin) + ", so any difference in Gbps there was in the senders' time on a CPU.");
        }
        if (!cheaper.isEmpty()) {
            sentences.add("At " + String.join(", ", cheaper) + " a message decidedly cost copycost's sender less than "
                    + "the twin's: there the two senders did not do the same work per message.");
        }
        int undecided = splits.size() - costlier.size() - same.size() - cheaper.size();
        if (undecided > 0) {
            sentences.add("At " + undecided + (undecided == 1 ? " point" : " points")
                    + " the cost per message stayed undecided.");
        }
        return String.join(" ", sentences);
    }

    /**
     * At the largest size, how far each program's cost per message moved between its own trials, against
     * how far its time on a CPU did: which of the two a trial's Gbps followed there.
     */
    private String largestSize() {
        int largest = splits.stream().mapToInt(s -> s.row().size()).max().getAsInt();
        List<ThroughputSplit> at = splits.stream().filter(s -> s.row().size() == largest).toList();
        double twinCost = at.stream().mapToDouble(s -> s.reference().senderCpuRange().factor()).max().getAsDouble();
        double ourCost = at.stream().mapToDouble(s -> s.copycost().senderCpuRange().factor()).max().getAsDouble();
        double shareLow = at.stream().flatMap(s -> List.of(s.copycost(), s.reference()).stream())
                .mapToDouble(side -> side.shareRange().min()).min().getAsDouble();
        double shareHigh = at.stream().flatMap(s -> List.of(s.copycost(), s.reference()).stream())
                .mapToDouble(side -> side.shareRange().max()).max().getAsDouble();
        return "At " + Fmt.size(largest) + ", between trials of one program at one strategy, the CPU a message cost "
                + "the sender differed by up to " + Fmt.times(twinCost) + " for the C twin and " + Fmt.times(ourCost)
                + " for copycost, from the cheapest trial to the costliest, while the senders were on a CPU for "
                + Fmt.percent(shareLow) + " to " + Fmt.percent(shareHigh) + " of their windows. The twin runs the "
                + "same binary in every trial, so its spread is the machine's: the same message cost its sender "
                + "more CPU in some trials than in others. This run does not show why; a guest sees "
                + "neither where the host runs its vCPUs nor what else uses the host's memory.";
    }

    private static String pair(double copycost, double reference) {
        return Fmt.num(copycost) + " · " + Fmt.num(reference);
    }

    private static String interval(Interval i) {
        return Fmt.spread(i.estimate(), i.low(), i.high());
    }
}

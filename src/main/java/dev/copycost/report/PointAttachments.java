package dev.copycost.report;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Repetition;
import dev.copycost.experiment.RoleMeasure;
import dev.copycost.report.findings.ZeroCopyFindings;
import dev.copycost.report.results.RepetitionRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsCsv;
import dev.copycost.strategy.ZeroCopyCounts;
import java.util.List;
import java.util.function.Function;

/**
 * The texts the matrix test attaches to one point's Allure entry: its results row as CSV, its
 * counters and JVM activity per window, and for zero-copy its completion ledger. The methods are
 * static; an instance exists only so a caller may hold one.
 */
public final class PointAttachments {

    /** Sentence for a ledger whose completions were all flagged COPIED; it names the kernel's reason. */
    public static final String DEFERRED_COPY_EXPLANATION = "Every completion was flagged SO_EE_CODE_ZEROCOPY_COPIED: "
            + "the kernel deferred a copy for every send; the transfer was not zero-copy, the copy only happened "
            + "later than in a plain send. On loopback and veth the data is looped to a local socket. "
            + ZeroCopyFindings.LOOPBACK_REASON;

    public PointAttachments() {
    }

    /** The point's results row with its header, the same columns as results.csv. */
    public static String csvRow(PointResult point) {
        return ResultsCsv.headerLine() + "\n" + ResultsCsv.line(ResultRow.from(point)) + "\n";
    }

    /** Per role and window: every perf counter (or why it is missing), switches, CPU, allocation; then the JVM. */
    public static String countersMarkdown(PointResult point) {
        StringBuilder md = new StringBuilder();
        md.append("## Counters of ").append(point.spec().label()).append("\n\n");
        md.append(point.repetitions().size()).append(" measured window(s); values are sums over the role's ")
                .append(point.threads()).append(" thread(s) within each window.\n\n");
        role(md, "Sender", point.repetitions(), Repetition::sender);
        role(md, "Receiver", point.repetitions(), Repetition::receiver);
        jvm(md, point.repetitions());
        return md.toString();
    }

    private static void role(StringBuilder md, String title, List<Repetition> reps,
            Function<Repetition, RoleMeasure> side) {
        md.append("### ").append(title).append("\n\n| measure |");
        for (Repetition r : reps) {
            md.append(" window ").append(r.index() + 1).append(" |");
        }
        md.append(" mode | running share (lowest) |\n|---|");
        md.append("---:|".repeat(reps.size())).append("---|---:|\n");
        for (CounterEvent event : CounterEvent.values()) {
            md.append("| ").append(RepetitionRow.eventName(event)).append(" |");
            String mode = "";
            double share = Double.NaN;
            for (Repetition r : reps) {
                CounterValue v = side.apply(r).perf().get(event);
                if (v == null) {
                    md.append(" not read |");
                } else if (!v.available()) {
                    md.append(" unavailable: ").append(Fmt.cell(v.reason())).append(" |");
                } else {
                    md.append(' ').append(v.value()).append(" |");
                    mode = v.mode();
                    // the lowest share says how much of the window multiplexing had to extrapolate
                    share = Double.isNaN(share) ? v.runningShare() : Math.min(share, v.runningShare());
                }
            }
            md.append(' ').append(Fmt.cell(mode)).append(" | ").append(Fmt.percent(share)).append(" |\n");
        }
        rowOf(md, "voluntary context switches (/proc)", reps, r -> side.apply(r).voluntarySwitches());
        rowOf(md, "involuntary context switches (/proc)", reps, r -> side.apply(r).involuntarySwitches());
        rowOf(md, "CPU ns (" + side.apply(reps.get(0)).cpuSource() + ")", reps, r -> side.apply(r).cpuNanos());
        rowOf(md, "Java heap bytes allocated", reps, r -> side.apply(r).allocatedBytes());
        md.append('\n');
    }

    private static void rowOf(StringBuilder md, String name, List<Repetition> reps, Function<Repetition, Long> value) {
        md.append("| ").append(Fmt.cell(name)).append(" |");
        for (Repetition r : reps) {
            md.append(' ').append(value.apply(r)).append(" |");
        }
        md.append(" | |\n");
    }

    private static void jvm(StringBuilder md, List<Repetition> reps) {
        md.append("### JVM inside the windows\n\n")
                .append("| window | seconds | messages verified | Gbps | GC collections | GC ms | JIT ms |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Repetition r : reps) {
            md.append("| ").append(r.index() + 1)
                    .append(" | ").append(Fmt.sig(r.seconds(), 4))
                    .append(" | ").append(r.messages())
                    .append(" | ").append(Fmt.sig(r.gbps(), 4))
                    .append(" | ").append(r.gcCollections()).append(r.gcCollections() > 0 ? " **GC in window**" : "")
                    .append(" | ").append(r.gcMillis())
                    .append(" | ").append(r.jitMillis())
                    .append(" |\n");
        }
    }

    /** The zero-copy completion ledger with what it means; an empty string for the copying strategies. */
    public static String ledgerMarkdown(PointResult point) {
        ResultRow row = ResultRow.from(point);
        if (!row.zeroCopyStrategy()) {
            return "";
        }
        ZeroCopyCounts zc = point.zeroCopy() == null ? ZeroCopyCounts.NONE : point.zeroCopy();
        StringBuilder md = new StringBuilder();
        md.append("## Zero-copy ledger of ").append(point.spec().label()).append("\n\n")
                .append("Over the whole run, warm-up included.\n\n")
                .append("| measure | value |\n|---|---:|\n")
                .append("| sends issued | ").append(zc.issued()).append(" |\n")
                .append("| completions | ").append(zc.completed()).append(" |\n")
                .append("| completions flagged COPIED | ").append(zc.copied()).append(" |\n")
                .append(ZeroCopyFindings.partlyCopied(row.copiedShare()) ? "| copied share (estimate) | " : "| copied share | ")
                .append(Fmt.percent(row.copiedShare())).append(" |\n")
                .append(row.strategy().startsWith("uring") ? "| notifications (F_NOTIF completions, one per request) | "
                        : "| notifications (error-queue messages) | ").append(zc.notifications()).append(" |\n");
        if (zc.notificationsCountedByCode()) {
            // the codes are exact per notification; the copied share per send above is derived from them
            md.append("| notifications flagged COPIED | ").append(zc.copiedNotifications()).append(" |\n")
                    .append("| notifications not flagged COPIED | ").append(zc.uncopiedNotifications()).append(" |\n");
        }
        md.append("| sends per notification | ").append(Fmt.num(row.sendsPerNotification())).append(" |\n")
                .append("| ENOBUFS retries | ").append(zc.enobufsRetries()).append(" |\n")
                .append("| duplicate completions | ").append(zc.duplicates()).append(" |\n")
                .append("| unknown completions | ").append(zc.unknown()).append(" |\n\n");
        md.append(ZeroCopyFindings.meaning(row.copiedShare(), zc.enobufsRetries())).append('\n');
        return md.toString();
    }
}

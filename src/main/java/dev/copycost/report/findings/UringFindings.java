package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import dev.copycost.statistics.Interval;
import dev.copycost.strategy.StrategyName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What io_uring changes, from this run's paired comparisons: {@code uring-send} against {@code sendmsg}
 * at each queue depth (the cost of io_uring's path per message at depth 1, what batching buys at the
 * deeper one), the deepest against the shallowest {@code uring-send} (batching alone, the rest equal),
 * and {@code uring-zc} against {@code zerocopy} and {@code sendmsg}; then the copied share of
 * {@code uring-zc} beside {@code zerocopy}'s. Every verdict is a {@link Crossover} over the blocks'
 * comparisons, never a number typed in.
 */
final class UringFindings {
    private static final String SENDMSG = StrategyName.SENDMSG.label();
    private static final String ZEROCOPY = StrategyName.ZEROCOPY.label();

    /** A comparison the section makes, with what it isolates. */
    record Question(String a, String b, String why) {
    }

    private final RowIndex index;
    private final EnvironmentFacts env;

    UringFindings(RowIndex index, EnvironmentFacts env) {
        this.index = index;
        this.env = env;
    }

    /** The queue depths measured in this run, smallest first. */
    List<Integer> depths() {
        return List.copyOf(new TreeSet<>(index.rows().stream().filter(r -> r.queueDepth() > 0)
                .map(ResultRow::queueDepth).toList()));
    }

    List<Question> questions() {
        List<Question> out = new ArrayList<>();
        List<Integer> depths = depths();
        for (int d : depths) {
            out.add(new Question(send(d), SENDMSG, d == 1
                    ? "one message per io_uring_enter against one sendmsg per message: io_uring's own cost per send"
                    : d + " messages per io_uring_enter against one sendmsg per message: what batching buys"));
        }
        if (depths.size() > 1) {
            int low = depths.get(0);
            int high = depths.get(depths.size() - 1);
            out.add(new Question(send(high), send(low), "the same requests, " + high + " per io_uring_enter against "
                    + low + ": the queue depth alone"));
        }
        for (int d : depths) {
            out.add(new Question(zc(d), ZEROCOPY, "SENDMSG_ZC at depth " + d + " against sendmsg(MSG_ZEROCOPY): "
                    + "the two zero-copy interfaces, each with its own notifications"));
            out.add(new Question(zc(d), SENDMSG, "SENDMSG_ZC at depth " + d + " against the copying sendmsg"));
        }
        return out.stream().filter(q -> index.has(q.a()) && index.has(q.b())).toList();
    }

    private static String send(int depth) {
        return StrategyName.URING_SEND.pointName(depth);
    }

    private static String zc(int depth) {
        return StrategyName.URING_ZC.pointName(depth);
    }

    /** One bullet for the summary: what batching bought at the fewest connections, if measured. */
    Optional<String> summaryBullet() {
        List<Integer> depths = depths();
        if (depths.isEmpty() || !index.has(SENDMSG)) {
            return Optional.empty();
        }
        int fewest = index.threads().get(0);
        String deepest = send(depths.get(depths.size() - 1));
        if (!index.threads(deepest).contains(fewest)) {
            return Optional.empty();
        }
        return Optional.of("io_uring at " + fewest + " connection(s): " + Crossover.find(index, deepest, SENDMSG, fewest)
                .text() + ".");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## io_uring: what batching buys, and SEND_ZC beside MSG_ZEROCOPY\n\n");
        if (depths().isEmpty()) {
            return md.append("io_uring was not measured in this run (not selected, or skipped where the probe found it "
                    + "unavailable: `copycost probe` says why).\n").toString();
        }
        md.append("`uring-send-qdN` puts each message in one IORING_OP_SENDMSG over the same eight-entry iovec as "
                + "`sendmsg`, N requests linked (IOSQE_IO_LINK, MSG_WAITALL) and submitted by one io_uring_enter, "
                + "the next batch only once every result is in; `uring-zc-qdN` does the same with IORING_OP_SENDMSG_ZC "
                + "and IORING_SEND_ZC_REPORT_USAGE, reusing a buffer set only after its notification. Measured on ")
                .append(env.host()).append(". Cells give the ratio A/B of throughput with its 95% interval and the "
                        + "verdict, from the trials measured side by side in each round"
                        + (index.paired() ? "" : " (this run has no paired comparisons: ranges over windows)")
                        + ".\n");
        List<Integer> sizes = index.sizes();
        for (Question q : questions()) {
            md.append("\n### ").append(q.a()).append(" vs ").append(q.b()).append("\n\n").append(capitalised(q.why()))
                    .append(".\n\n| connections | verdict |");
            sizes.forEach(s -> md.append(' ').append(Fmt.size(s)).append(" |"));
            md.append("\n|---:|---|").append("---|".repeat(sizes.size())).append('\n');
            List<Integer> threads = new ArrayList<>(index.threads(q.a()));
            threads.retainAll(index.threads(q.b()));
            for (int t : threads) {
                Crossover c = Crossover.find(index, q.a(), q.b(), t);
                md.append("| ").append(t).append(" | ").append(Fmt.cell(c.text())).append(" |");
                for (int s : sizes) {
                    md.append(' ').append(c.at(s).map(Crossover::cell).orElse("–")).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n').append(cpuTable());
        md.append('\n').append(copiedShare());
        return md.toString();
    }

    /** Sender CPU per byte of sendmsg and uring-send at each depth, at the fewest connections: where batching saves. */
    private String cpuTable() {
        if (index.rows().isEmpty()) {
            return "";
        }
        int fewest = index.threads().get(0);
        List<String> names = new ArrayList<>();
        if (index.has(SENDMSG)) {
            names.add(SENDMSG);
        }
        depths().stream().map(UringFindings::send).filter(index::has).forEach(names::add);
        if (names.size() < 2) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Sender CPU per byte at ").append(fewest)
                .append(" connection(s)\n\nns of sender CPU per byte moved, with the 95% interval over each point's "
                        + "trials (not paired: compare with care where the intervals overlap).\n\n| size |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|---:|").append("---|".repeat(names.size())).append('\n');
        for (int s : index.sizes()) {
            md.append("| ").append(Fmt.size(s)).append(" |");
            for (String n : names) {
                md.append(' ').append(index.get(n, s, fewest).map(UringFindings::cpu).orElse("–")).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String cpu(ResultRow r) {
        Interval i = r.statistics().senderCpuNsPerByte();
        return i.known() ? Fmt.spread(i.estimate(), i.low(), i.high()) : Fmt.num(r.senderCpuNsPerByte());
    }

    /** uring-zc's copied share beside zerocopy's: exact per request for the one, an estimate per send for the other. */
    private String copiedShare() {
        List<String> names = new ArrayList<>();
        if (index.has(ZEROCOPY)) {
            names.add(ZEROCOPY);
        }
        depths().stream().map(UringFindings::zc).filter(index::has).forEach(names::add);
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Copied or not\n\n");
        boolean uringCopied = false;
        md.append("| strategy | completed | copied | copied share | notifications | completions per notification |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (String n : names) {
            long completed = 0;
            long copied = 0;
            long notifications = 0;
            for (ResultRow r : index.rows()) {
                if (r.strategy().equals(n)) {
                    completed += r.zcCompleted();
                    copied += r.zcCopied();
                    notifications += r.zcNotifications();
                }
            }
            uringCopied |= !n.equals(ZEROCOPY) && completed > 0
                    && copied / (double) completed > ZeroCopyFindings.REAL_AT_MOST;
            md.append("| ").append(n).append(" | ").append(completed).append(" | ").append(copied).append(" | ")
                    .append(completed == 0 ? "–" : Fmt.percent(copied / (double) completed)).append(" | ")
                    .append(notifications).append(" | ")
                    .append(notifications == 0 ? "–" : Fmt.num(completed / (double) notifications)).append(" |\n");
        }
        md.append("\nFor uring-zc every request has a notification of its own, so its copied share is exact per "
                + "request (IORING_NOTIF_USAGE_ZC_COPIED in the notification's res); zerocopy's is an estimate per "
                + "send, as the kernel merges adjacent completion ranges whatever their code.");
        if (uringCopied) {
            md.append(" Where uring-zc's requests were copied, SEND_ZC does the work of a copying send plus pinning and "
                    + "notifications, as MSG_ZEROCOPY does: data looped to a local socket is copied by the kernel (")
                    .append(ZeroCopyFindings.LOOPBACK_REASON_SHORT).append(").");
        }
        md.append('\n');
        return md.toString();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

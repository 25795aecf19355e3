package dev.copycost.report.findings;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.Fmt;
import dev.copycost.report.PointAttachments;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import java.util.List;

/**
 * Whether the zero-copy sends of a run were zero-copy at all. The completion ledger decides it, not
 * the name of the flag: a completion the kernel flags SO_EE_CODE_ZEROCOPY_COPIED means the pages
 * were copied after all, only later. On loopback and veth that is every completion: data looped to a
 * local socket could wait there indefinitely, so rather than hold the completion that long the kernel
 * copies the pages before queueing them (see {@link #LOOPBACK_REASON}).
 */
public final class ZeroCopyFindings {
    /** At or below this copied share the kernel is taken to have sent the user pages themselves. */
    static final double REAL_AT_MOST = 0.01;
    /** At or above this copied share the kernel copied (practically) every send. */
    static final double DEFERRED_AT_LEAST = 0.99;

    enum Kind { NOT_MEASURED, NO_COMPLETIONS, REAL, PARTLY_DEFERRED, DEFERRED }

    /**
     * Why a copied share between none and all is an estimate: the kernel counts codes per
     * notification, and merges a completion into the queued one before it when their ranges are
     * adjacent, without comparing codes (skb_zerocopy_notify_extend in __msg_zerocopy_callback).
     */
    /** The same caveat in a phrase, for labels and one-line conditions. */
    public static final String ESTIMATE_PER_SEND =
            "an estimate per send: the kernel merges completion ranges whatever their code";

    static final String SHARE_IS_ESTIMATE = "The share is an estimate: the kernel merges adjacent completion ranges"
            + " without comparing their codes, so a merged range carries the first notification's flag; it is exact"
            + " per notification, not per send.";

    /**
     * Why the kernel copies MSG_ZEROCOPY data that reaches a local socket, as its documentation
     * (Documentation/networking/msg_zerocopy.rst, "Loopback") gives it; skb_orphan_frags_rx is the
     * call on the receive path that makes the copy.
     */
    public static final String LOOPBACK_REASON = "The kernel documents why such data is copied (Documentation/networking/"
            + "msg_zerocopy.rst, \"Loopback\"): data sent to a local socket can be queued indefinitely if the "
            + "receiving process does not read its socket, and an unbounded notification latency is not acceptable. "
            + "So rather than hold the completion until the receiving application reads, the kernel copies the "
            + "pinned user pages before the data is queued at the receiving socket (skb_orphan_frags_rx) and flags "
            + "the completion SO_EE_CODE_ZEROCOPY_COPIED: the copy is deferred, not avoided.";

    /** The same reason in a phrase, for the io_uring section. */
    static final String LOOPBACK_REASON_SHORT = "Documentation/networking/msg_zerocopy.rst, \"Loopback\": a local "
            + "receiver may never read, and an unbounded notification latency is not acceptable";

    /** The table's counts and its Gbps do not cover the same span of time; said next to the table. */
    static final String COUNTS_SPAN = "The counts below (sends issued, completions, copied share, sends per "
            + "notification, ENOBUFS) cover every trial's whole run, warm-up and drain included; Gbps covers only the "
            + "measured windows, so the two describe overlapping but not identical spans.";

    private final List<ResultRow> rows;
    private final EnvironmentFacts env;
    private final String topology;

    /** The zero-copy points of one topology's rows (all rows of the index must share it). */
    ZeroCopyFindings(RowIndex index, EnvironmentFacts env) {
        this.rows = index.rows().stream().filter(ResultRow::zeroCopyStrategy).toList();
        this.env = env;
        this.topology = rows.isEmpty() ? PointResult.LOOPBACK : rows.get(0).topology();
        if (rows.stream().anyMatch(r -> !r.topology().equals(topology))) {
            throw new IllegalArgumentException("zero-copy findings are per topology; rows of "
                    + rows.stream().map(ResultRow::topology).distinct().toList() + " were mixed");
        }
    }

    /**
     * Where the data went and, where the kernel copied, why: the same reason on loopback and across a
     * veth pair (the data reaches a socket on this host), another where the data left the host.
     */
    static String whereCopied(String topology) {
        switch (topology) {
            case PointResult.LOOPBACK:
                return "On loopback the data is looped to a local socket. " + LOOPBACK_REASON;
            case "netns":
                return "Across the veth pair into the namespace the data still reaches a socket on this host, as on "
                        + "loopback. " + LOOPBACK_REASON;
            case "container":
                return "Across the Docker bridge (a veth pair into the container's namespace) the data still reaches "
                        + "a socket on this host, as on loopback. " + LOOPBACK_REASON;
            default:
                return "Here the data went to a receive agent over " + topology + "; where it left this host through a "
                        + "device, the kernel copies pinned pages that the device cannot send from directly (the "
                        + "documentation's example: a device without scatter-gather). The agent's environment in the "
                        + "results names the device and its offloads.";
        }
    }

    String topology() {
        return topology;
    }

    List<ResultRow> rows() {
        return rows;
    }

    long completed() {
        return rows.stream().mapToLong(ResultRow::zcCompleted).sum();
    }

    long copied() {
        return rows.stream().mapToLong(ResultRow::zcCopied).sum();
    }

    long enobufs() {
        return rows.stream().mapToLong(ResultRow::enobufs).sum();
    }

    long notifications() {
        return rows.stream().mapToLong(ResultRow::zcNotifications).sum();
    }

    /** Copied completions over all completions of all zero-copy points; NaN without completions. */
    double copiedShare() {
        return completed() == 0 ? Double.NaN : copied() / (double) completed();
    }

    double sendsPerNotification() {
        return notifications() == 0 ? Double.NaN : completed() / (double) notifications();
    }

    /**
     * Sends per notification of one strategy's points: never pooled across strategies, since io_uring's
     * SEND_ZC posts one notification per request while MSG_ZEROCOPY merges consecutive sends into one.
     */
    double sendsPerNotification(String strategy) {
        long n = rows.stream().filter(r -> r.strategy().equals(strategy)).mapToLong(ResultRow::zcNotifications).sum();
        long c = rows.stream().filter(r -> r.strategy().equals(strategy)).mapToLong(ResultRow::zcCompleted).sum();
        return n == 0 ? Double.NaN : c / (double) n;
    }

    /** "12.2 for zerocopy, 1 for uring-zc-qd1": sends per notification, strategy by strategy. */
    String sendsPerNotificationByStrategy() {
        return String.join(", ", rows.stream().map(ResultRow::strategy).distinct()
                .map(s -> Fmt.num(sendsPerNotification(s)) + " for " + s).toList());
    }

    Kind kind() {
        if (rows.isEmpty()) {
            return Kind.NOT_MEASURED;
        }
        return kindOf(copiedShare());
    }

    static Kind kindOf(double share) {
        if (Double.isNaN(share)) {
            return Kind.NO_COMPLETIONS;
        }
        if (share <= REAL_AT_MOST) {
            return Kind.REAL;
        }
        return share >= DEFERRED_AT_LEAST ? Kind.DEFERRED : Kind.PARTLY_DEFERRED;
    }

    /** Some completions flagged COPIED and some not: the share per send is then an estimate. */
    public static boolean partlyCopied(double share) {
        return share > 0 && share < 1;
    }

    /** One sentence: real, deferred or partly deferred, with the numbers behind it. */
    String verdict() {
        switch (kind()) {
            case NOT_MEASURED:
                return "zerocopy was not measured in this run (skipped or not selected), so nothing can be said "
                        + "about whether the kernel copied.";
            case NO_COMPLETIONS:
                return "no zero-copy completion was recorded, so the ledger cannot say whether the kernel copied.";
            case REAL:
                return "zero-copy as far as the kernel reported: " + Fmt.percent(copiedShare()) + " of " + completed()
                        + " completed sends were flagged COPIED. (The kernel merges adjacent completion ranges without"
                        + " comparing their codes, so this share is per notification, not an exact count per send.)";
            case PARTLY_DEFERRED:
                return "partly deferred copy: " + Fmt.percent(copiedShare()) + " of " + completed()
                        + " completions (an estimate) were flagged SO_EE_CODE_ZEROCOPY_COPIED, so for those sends the"
                        + " kernel copied the data after all; only the rest were zero-copy. " + SHARE_IS_ESTIMATE;
            default:
                return "deferred copy, not zero-copy: " + Fmt.percent(copiedShare()) + " of " + completed()
                        + " completions over " + rows.size() + " points were flagged SO_EE_CODE_ZEROCOPY_COPIED. "
                        + whereCopied(topology);
        }
    }

    /** What a copied share (and ENOBUFS count) means, for one point's ledger. */
    public static String meaning(double share, long enobufs) {
        String text = switch (kindOf(share)) {
            case NO_COMPLETIONS -> "No completion was recorded, so the ledger cannot say whether the kernel copied.";
            case REAL -> "Completions were (almost) never flagged COPIED (" + Fmt.percent(share)
                    + "): the kernel reported no copy, as expected when the pages went to a device that can send"
                    + " them directly. The share is per notification (adjacent ranges merge regardless of their code).";
            case PARTLY_DEFERRED -> Fmt.percent(share) + " of completions (an estimate) were flagged "
                    + "SO_EE_CODE_ZEROCOPY_COPIED: for those sends the kernel deferred a copy; the rest were "
                    + "zero-copy. " + SHARE_IS_ESTIMATE + " On loopback and veth the data is looped to a local socket. "
                    + LOOPBACK_REASON;
            default -> share >= 1.0 ? PointAttachments.DEFERRED_COPY_EXPLANATION
                    : Fmt.percent(share) + " of completions (an estimate) were flagged SO_EE_CODE_ZEROCOPY_COPIED: "
                    + "the kernel deferred a copy for practically every send; the transfer was not zero-copy. "
                    + SHARE_IS_ESTIMATE + " On loopback and veth the data is looped to a local socket. "
                    + LOOPBACK_REASON;
        };
        if (enobufs > 0) {
            text += " " + enobufs + " send(s) were refused with ENOBUFS and retried: the socket's pending "
                    + "completions reached its option-memory bound (net.core.optmem_max) until the sender read its "
                    + "error queue.";
        }
        return text;
    }

    /**
     * The verdict in a phrase, for one line per topology: "every send copied (deferred)" or "N% of
     * sends completed without a copy".
     */
    String phrase() {
        return switch (kind()) {
            case NOT_MEASURED -> "zerocopy not measured";
            case NO_COMPLETIONS -> "no zero-copy completion recorded";
            case DEFERRED -> "every send copied (deferred): " + Fmt.percent(copiedShare()) + " of " + completed()
                    + " completions flagged COPIED";
            case REAL -> Fmt.percent(1 - copiedShare()) + " of sends completed without a copy (" + completed()
                    + " completions)";
            case PARTLY_DEFERRED -> Fmt.percent(1 - copiedShare()) + " of sends completed without a copy, the rest "
                    + "copied (" + completed() + " completions; " + ESTIMATE_PER_SEND + ")";
        };
    }

    String markdown() {
        return markdown("## Zero-copy: real or deferred?");
    }

    String markdown(String heading) {
        StringBuilder md = new StringBuilder(heading).append("\n\n");
        md.append("**Verdict:** ").append(verdict()).append("\n\n");
        if (rows.isEmpty()) {
            return md.toString();
        }
        md.append("Measured on ").append(env.host()).append(". Sends per notification over each strategy's points: ")
                .append(sendsPerNotificationByStrategy())
                .append(" (MSG_ZEROCOPY reports completions of consecutive sends as one range; io_uring's SEND_ZC posts "
                        + "one notification per request); over all zero-copy points, ")
                .append(enobufs()).append(" ENOBUFS retries (net.core.optmem_max = ").append(env.optmemMax())
                .append(", ulimit -l = ").append(env.memlockLimit()).append(").\n\n");
        md.append(COUNTS_SPAN).append("\n\n");
        md.append("| strategy | size | connections | issued | completed | copied share | sends / notification | ENOBUFS | Gbps median [min–max] |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ResultRow r : rows) {
            md.append("| ").append(r.strategy()).append(" | ").append(Fmt.size(r.size())).append(" | ").append(r.threads())
                    .append(" | ").append(r.zcIssued()).append(" | ").append(r.zcCompleted())
                    .append(" | ").append(Fmt.percent(r.copiedShare()))
                    .append(" | ").append(Fmt.num(r.sendsPerNotification()))
                    .append(" | ").append(r.enobufs())
                    .append(" | ").append(Fmt.spread(r.gbpsMedian(), r.gbpsMin(), r.gbpsMax())).append(" |\n");
        }
        md.append('\n');
        if (rows.stream().anyMatch(r -> partlyCopied(r.copiedShare()))) {
            md.append("Copied shares between 0 % and 100 % are estimates. ").append(SHARE_IS_ESTIMATE).append("\n\n");
        }
        if (kind() == Kind.DEFERRED || kind() == Kind.PARTLY_DEFERRED) {
            md.append("Where the kernel copied, MSG_ZEROCOPY does the work of a copying send and adds its own: "
                    + "pinning the user pages, producing completion notifications, and a sender that must read them "
                    + "from the error queue before it may reuse a buffer. Its throughput here is therefore no "
                    + "measure of what zero-copy transmission saves on a real network device.\n");
        }
        return md.toString();
    }
}

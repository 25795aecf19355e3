package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationResults;
import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.calibration.CallCost;
import dev.copycost.calibration.Carryover;
import dev.copycost.calibration.Iperf3;
import dev.copycost.profile.Category;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.statistics.RankCorrelation;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The "Harness efficiency" section: copycost's own path against the C twin (the same workload
 * without the JVM) and iperf3, from calibration.csv. A ratio below 1 is what the harness costs; a
 * ratio above 1 against the C twin means the two did not do the same work, which is itself a finding
 * to explain rather than a score to keep.
 *
 * <p>Where the gap comes from is read off the matrix's profile of the same point (loopback, one
 * connection): the share of copycost's sender CPU in JNA's path into C and in its own Java, which the
 * C twin does not have. How far each program's own trials spread says how much of a ratio the
 * machine's state can move on its own.
 */
public final class HarnessEfficiency {
    private final List<CalibrationRow> rows;
    private final List<CalibrationTrial> trials;
    private final List<CpuAttributionRow> attribution;
    private final List<CallCost> callCosts;
    private final double margin;
    private final Optional<String> iperfMissing;

    /**
     * @param calibration  the ratios, their trials and the call costs the calibration wrote
     * @param attribution  the run's profiled points, by category (empty when nothing was profiled)
     * @param margin       the run's equivalence margin: a ratio within it either way is "level"
     * @param iperfMissing why iperf3 was not measured, if it was not
     */
    public HarnessEfficiency(CalibrationResults calibration, List<CpuAttributionRow> attribution, double margin,
            Optional<String> iperfMissing) {
        this.rows = calibration.rows();
        this.trials = calibration.trials();
        this.attribution = List.copyOf(attribution);
        this.callCosts = calibration.callCosts();
        this.margin = margin;
        this.iperfMissing = iperfMissing;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("## Harness efficiency: copycost against the same workload in C, and iperf3\n\n");
        if (rows.isEmpty()) {
            return md.append("Not measured in this run (no calibration.csv: the calibration tests were skipped or not "
                    + "selected).\n\n").toString();
        }
        md.append("Each ratio is copycost's Gbps over the reference's, from alternating pairs of one trial each at one "
                + "connection (the first of a pair alternates), with a 95% Student-t interval over the per-pair ratios "
                + "on the log scale. The C twin (perf-scripts/c-baseline/baseline.c, compiled with gcc by this run) does "
                + "copycost's work without the JVM and JNA: the same eight fields, stamps, payload pattern, receiver "
                + "checks of every stamp and payload byte, buffer sets and socket options. So copycost / C below 1 is "
                + "what the harness costs; above 1 the two did not do the same thing. iperf3: "
                + Iperf3.DIFFERENCE + ".\n\n");
        md.append("| reference | strategy | size | copycost Gbps [trials] | reference Gbps [trials] | copycost / reference [95% CI] | pairs | reading |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (CalibrationRow r : rows) {
            md.append("| ").append(r.reference()).append(" | ").append(r.label()).append(" | ")
                    .append(Fmt.size(r.size())).append(" | ").append(gbps(r.copycostGbps(), r.copycostTrials()))
                    .append(" | ").append(gbps(r.referenceGbps(), r.referenceTrials())).append(" | ")
                    .append(Fmt.num(r.ratio().estimate())).append(" [").append(Fmt.num(r.ratio().low())).append("–")
                    .append(Fmt.num(r.ratio().high())).append("] | ").append(r.ratio().n()).append(" | ")
                    .append(reading(r)).append(" |\n");
        }
        md.append('\n');
        summary().ifPresent(s -> md.append(s).append("\n\n"));
        md.append(whereTheGapGoes());
        md.append(machineSpread());
        md.append(carryover());
        iperfMissing.ifPresent(why -> md.append("iperf3 was not measured: ").append(why).append(".\n\n"));
        return md.toString();
    }

    /**
     * Per size, what the trial just before did to a trial, from the runs of one program twice in a row
     * that the alternating pairs make (see {@link Carryover}).
     */
    String carryover() {
        List<CalibrationTrial> twin = trials.stream().filter(t -> t.reference().equals(CalibrationRow.C_TWIN)).toList();
        if (twin.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### What the trial before leaves behind\n\nThe pairs alternate which "
                + "program goes first, so each runs twice in a row once every two pairs; the first of the two follows "
                + "the other program, the second its own, right after. Their ratio says whether a trial is changed by "
                + "what ran just before it. With an even number of pairs each program follows the other as often as "
                + "itself, so such a carryover cancels in the ratios above; here is how large it was.\n\n"
                + "| size | C twin after copycost / after the twin | copycost after the C twin / after copycost |\n"
                + "|---:|---:|---:|\n");
        for (int size : twin.stream().mapToInt(CalibrationTrial::size).distinct().sorted().toArray()) {
            Carryover c = Carryover.of(twin.stream().filter(t -> t.size() == size).toList());
            md.append("| ").append(Fmt.size(size)).append(" | ").append(carried(c.referenceAfterCopycost()))
                    .append(" | ").append(carried(c.copycostAfterReference())).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private String carried(dev.copycost.statistics.Interval i) {
        if (i.n() < 2) {
            return "n/a (" + i.n() + " runs)";
        }
        String words = switch (Verdict.of(i, margin)) {
            case BEHIND -> "slower after the other";
            case AHEAD -> "faster after the other";
            case EQUIVALENT -> "no carryover beyond ±" + Fmt.percent(margin);
            case UNDECIDED -> "undecided";
        };
        return Fmt.num(i.estimate()) + " [" + Fmt.num(i.low()) + "–" + Fmt.num(i.high()) + "], " + i.n() + " runs: " + words;
    }

    /** Gbps against the receiver's waits per message over both programs' trials of one C-twin row. */
    private RankCorrelation paceAgainstRate(CalibrationRow r) {
        List<CalibrationTrial> of = trials.stream().filter(t -> r.of(t) && Double.isFinite(t.receiverSleepsPerMessage()))
                .toList();
        return RankCorrelation.of(of.stream().mapToDouble(CalibrationTrial::gbps).toArray(),
                of.stream().mapToDouble(CalibrationTrial::receiverSleepsPerMessage).toArray());
    }

    private static String rho(RankCorrelation r) {
        if (Double.isNaN(r.rho())) {
            return "n/a";
        }
        return Fmt.rounded(r.rho(), 2) + (Double.isFinite(r.low())
                ? " [" + Fmt.rounded(r.low(), 2) + " to " + Fmt.rounded(r.high(), 2) + "]" : "");
    }

    private static String gbps(double estimate, CalibrationRow.Spread trials) {
        return Fmt.num(estimate) + " [" + Fmt.num(trials.min()) + "–" + Fmt.num(trials.max()) + "]";
    }

    /**
     * Per C-twin point, how much of copycost's sender CPU went to the layers the twin does not have,
     * from the matrix's profile of the same point; a point the matrix did not profile says so.
     */
    String whereTheGapGoes() {
        List<CalibrationRow> twin = rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && !r.noDelay())
                .toList();
        if (twin.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Where copycost's extra time goes\n\n"
                + "What copycost's sender does that the C twin's does not, from the matrix's profiled window of the "
                + "same point (loopback, one connection; async-profiler, kernel frames included): `native-call` is "
                + "JNA's path into C and back (the JNI stub of the native method; JNA's dispatch, which receives the "
                + "arguments through a libffi closure and passes them on with a second libffi call; the errno it "
                + "saves after every call), `harness` is copycost's own Java around the calls (stamps, the iovec, the "
                + "loop). µs per message are the share times the sender's CPU per message in the point's measured "
                + "trials; the samples behind each share are given.\n\n"
                + "The last column is the TCP segments each program's trials sent (data and acknowledgements, both "
                + "ends) per message verified, medians over the trials.\n\n"
                + "| strategy | size | copycost / C | native calls per message | sender: native-call | sender: harness | segments per message: copycost, C |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> missing = new ArrayList<>();
        for (CalibrationRow r : twin) {
            Optional<CpuAttributionRow> nativeCall = sender(r, Category.NATIVE_CALL);
            Optional<CpuAttributionRow> harness = sender(r, Category.HARNESS);
            if (nativeCall.isEmpty() || harness.isEmpty()) {
                missing.add(r.strategy() + " at " + Fmt.size(r.size()));
                continue;
            }
            md.append("| ").append(r.strategy()).append(" | ").append(Fmt.size(r.size())).append(" | ")
                    .append(Fmt.num(r.ratio().estimate())).append(" [").append(Fmt.num(r.ratio().low())).append("–")
                    .append(Fmt.num(r.ratio().high())).append("] | ").append(callsPerMessage(r.strategy()))
                    .append(" | ").append(share(nativeCall.get())).append(" | ").append(share(harness.get()))
                    .append(" | ").append(Fmt.rounded(segments(r, true), 2)).append(", ")
                    .append(Fmt.rounded(segments(r, false), 2)).append(" |\n");
        }
        md.append('\n');
        nagle(twin).ifPresent(n -> md.append(n).append("\n\n"));
        if (!missing.isEmpty()) {
            md.append("No profile of ").append(String.join(", ", missing)).append(" in this run's matrix (profiles "
                    + "off, or the point not measured at one connection over loopback).\n\n");
        }
        largestNativeShare(twin).ifPresent(s -> md.append(s).append("\n\n"));
        callAlone().ifPresent(s -> md.append(s).append("\n\n"));
        return md.toString();
    }

    /**
     * One call alone through JNA and from C, and, where the matrix profiled send or sendmsg at the
     * smallest calibrated size, what one call came to inside the send loop.
     */
    Optional<String> callAlone() {
        Optional<CallCost> jna = callCosts.stream().filter(c -> c.binding().equals(CallCost.JNA)).findFirst();
        Optional<CallCost> c = callCosts.stream().filter(x -> x.binding().equals(CallCost.C)).findFirst();
        if (jna.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("One call alone, free(NULL), which returns at once (rounds of "
                + String.format(java.util.Locale.ROOT, "%,d", jna.get().callsPerRound()) + " calls after as many "
                + "rounds of warm-up): through JNA's direct mapping " + ns(jna.get()) + ", from C through a function "
                + "pointer " + ns(c.get()) + ".");
        List<String> inLoop = new ArrayList<>();
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN)).mapToInt(CalibrationRow::size).min()
                .ifPresent(size -> {
                    for (String strategy : List.of("send", "sendmsg")) {
                        int calls = strategy.equals("send") ? 8 : 1;
                        attribution.stream().filter(CpuAttributionRow::cpuTime)
                                .filter(a -> a.role().equals("sender") && a.topology().equals("loopback")
                                        && a.threads() == 1 && a.strategy().equals(strategy) && a.size() == size
                                        && a.category().equals(Category.NATIVE_CALL.label())
                                        && Double.isFinite(a.cpuNsPerMessage()))
                                .findFirst().ifPresent(a -> inLoop.add(strategy + " at " + Fmt.size(size) + " ("
                                        + calls + " per message) " + Fmt.rounded(a.cpuNsPerMessage() / calls, 2)
                                        + " ns"));
                    }
                });
        if (!inLoop.isEmpty()) {
            s.append(" Inside the send loop, the profile's native-call time per message over the calls per message "
                    + "comes to ").append(String.join(", ", inLoop)).append(" per call.");
        }
        return Optional.of(s.toString());
    }

    private static String ns(CallCost cost) {
        return Fmt.rounded(cost.median(), 2) + " ns [" + Fmt.rounded(cost.min(), 2) + "–" + Fmt.rounded(cost.max(), 2)
                + " over " + cost.nsPerCall().size() + " rounds]";
    }

    /** The median of one program's TCP segments per message over the trials of a row; NaN if none. */
    private double segments(CalibrationRow r, boolean copycost) {
        double[] v = trials.stream().filter(t -> r.of(t) && t.copycost() == copycost && Double.isFinite(t.segmentsPerMessage()))
                .mapToDouble(CalibrationTrial::segmentsPerMessage).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * At the smallest size, where copycost's trials sent more segments per message than the twin's:
     * the kernel work per message that this adds, on top of the harness's own.
     */
    private Optional<String> nagle(List<CalibrationRow> twin) {
        int smallest = twin.stream().mapToInt(CalibrationRow::size).min().orElse(0);
        List<String> more = new ArrayList<>();
        for (CalibrationRow r : twin) {
            double ours = segments(r, true);
            double theirs = segments(r, false);
            if (r.size() == smallest && ours > theirs) {
                more.add(r.strategy() + " " + Fmt.rounded(ours, 2) + " against " + Fmt.rounded(theirs, 2));
            }
        }
        if (more.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("At " + Fmt.size(smallest) + " copycost's trials sent more TCP segments per "
                + "message than the twin's (" + String.join("; ", more) + "). With Nagle's algorithm on (TCP_NODELAY off, "
                + "the kernel's default and this run's), the kernel holds small writes until what it sent before is "
                + "acknowledged, so how many messages share a segment depends on both programs' pace; and each segment "
                + "costs the sender a transmit and, over loopback, mostly its delivery too. So the kernel's work per "
                + "message is larger for copycost here as well, on top of the native calls: the harness's cost shows "
                + "twice.");
        List<String> withoutNagle = new ArrayList<>();
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && r.noDelay() && r.size() == smallest)
                .forEach(r -> withoutNagle.add(r.strategy() + " " + Fmt.num(r.ratio().estimate()) + " ["
                        + Fmt.num(r.ratio().low()) + "–" + Fmt.num(r.ratio().high()) + "], " + reading(r) + " (segments "
                        + "per message " + Fmt.rounded(segments(r, true), 2) + ", " + Fmt.rounded(segments(r, false), 2)
                        + ")"));
        if (!withoutNagle.isEmpty()) {
            s.append(" With TCP_NODELAY on, where every write is sent at once, the same pairs gave copycost / C: ")
                    .append(String.join("; ", withoutNagle)).append('.');
        }
        return Optional.of(s.toString());
    }

    /** JNA calls per message on the sender's path when the kernel takes each whole. */
    private static String callsPerMessage(String strategy) {
        return switch (strategy) {
            case "send" -> "8";
            case "zerocopy" -> "1, plus completion reads";
            default -> "1";
        };
    }

    private static String share(CpuAttributionRow row) {
        String perMessage = Double.isFinite(row.cpuNsPerMessage())
                ? ", " + Fmt.rounded(row.cpuNsPerMessage() / 1000, 2) + " µs" : "";
        return Fmt.rounded(row.share() * 100, 2) + " %" + perMessage + " (" + row.samples()
                + (row.samples() == 1 ? " sample)" : " samples)");
    }

    private Optional<CpuAttributionRow> sender(CalibrationRow r, Category category) {
        return attribution.stream().filter(CpuAttributionRow::cpuTime)
                .filter(a -> a.role().equals("sender") && a.topology().equals("loopback") && a.threads() == 1
                        && a.strategy().equals(r.strategy()) && a.size() == r.size()
                        && a.category().equals(category.label()))
                .findFirst();
    }

    /**
     * The point where JNA's layer weighed most, beside that point's gap to C: the reader sees whether
     * the layer is of the gap's size without being told a cause the data does not show.
     */
    private Optional<String> largestNativeShare(List<CalibrationRow> twin) {
        return twin.stream().filter(r -> sender(r, Category.NATIVE_CALL).isPresent())
                .max(Comparator.comparingDouble(r -> sender(r, Category.NATIVE_CALL).get().share()))
                .map(r -> {
                    CpuAttributionRow n = sender(r, Category.NATIVE_CALL).get();
                    CpuAttributionRow h = sender(r, Category.HARNESS).orElseThrow();
                    return "JNA's path weighed most at " + r.strategy() + " " + Fmt.size(r.size()) + ": "
                            + Fmt.rounded(n.share() * 100, 2) + " % of copycost's sender CPU, and its own Java "
                            + Fmt.rounded(h.share() * 100, 2) + " % more, where copycost ran at "
                            + Fmt.num(r.ratio().estimate()) + " [" + Fmt.num(r.ratio().low()) + "–"
                            + Fmt.num(r.ratio().high()) + "] of the C twin's rate. Both layers cost per call, not per "
                            + "byte; the table gives their share at each size.";
                });
    }

    /**
     * At the largest size, where the harness is one call per message: how far each program alone moved
     * between its own trials, and how often each receiver waited for data per message (a wake-up the
     * sender pays for on loopback).
     */
    String machineSpread() {
        List<CalibrationRow> twin = rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && !r.noDelay())
                .toList();
        if (twin.isEmpty()) {
            return "";
        }
        int largest = twin.stream().mapToInt(CalibrationRow::size).max().getAsInt();
        List<CalibrationRow> at = twin.stream().filter(r -> r.size() == largest).toList();
        double twinSpread = at.stream().mapToDouble(r -> r.referenceTrials().factor()).max().orElse(Double.NaN);
        double ourSpread = at.stream().mapToDouble(r -> r.copycostTrials().factor()).max().orElse(Double.NaN);
        long undecided = at.stream().filter(r -> Verdict.of(r.ratio(), margin) == Verdict.UNDECIDED).count();
        StringBuilder md = new StringBuilder("At " + Fmt.size(largest) + " the C twin's own trials of one strategy "
                + "differed by up to " + Fmt.times(twinSpread) + " between the fastest and the slowest, copycost's by up "
                + "to " + Fmt.times(ourSpread) + ". The twin ran the same binary in every trial, so its spread is the "
                + "machine's alone (where the scheduler puts sender, receiver and the softirq work, and steal; see the "
                + "method note). " + undecided + " of " + at.size() + " ratios at this size " + (undecided == 1 ? "is" : "are")
                + " unresolved; pairing cancels a slow drift, not a swing within a pair.\n\n");
        md.append("The receiver's pace is the other difference at this size. Over loopback the softirq that delivers "
                + "the data runs on the sending CPU, mostly in the sender's system call, and wakes the receiver when it is "
                + "waiting, so each wait of the receiver is a wake-up the sender performs; how often a receiver waits "
                + "depends on how fast it verifies, which differs between the programs. Whether fewer waits went with "
                + "faster trials is what ρ below measures: Spearman's rank correlation between a trial's Gbps and its "
                + "receiver's waits (voluntary context switches) per message over both programs' trials of the "
                + "strategy, with a 95% interval (Fisher's z); negative means the faster trials waited less. The waits "
                + "are medians over each side's trials.\n\n"
                + "| strategy | copycost / C | copycost's receiver | the C twin's receiver | ρ (Gbps, waits) [95%] | trials |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        List<String> negative = new ArrayList<>();
        List<String> positive = new ArrayList<>();
        for (CalibrationRow r : at) {
            RankCorrelation rho = paceAgainstRate(r);
            md.append("| ").append(r.strategy()).append(" | ").append(Fmt.num(r.ratio().estimate())).append(" [")
                    .append(Fmt.num(r.ratio().low())).append("–").append(Fmt.num(r.ratio().high())).append("] | ")
                    .append(Fmt.num(r.copycostReceiverSleeps())).append(" | ").append(Fmt.num(r.referenceReceiverSleeps()))
                    .append(" | ").append(rho(rho)).append(" | ").append(rho.n()).append(" |\n");
            if (rho.decidedlyNegative()) {
                negative.add(r.strategy());
            } else if (rho.decidedlyPositive()) {
                positive.add(r.strategy());
            }
        }
        md.append('\n');
        if (!negative.isEmpty()) {
            md.append("For ").append(String.join(", ", negative)).append(" the faster trials were decidedly those whose "
                    + "receiver waited less often per message, whichever program ran them.\n\n");
        }
        if (!positive.isEmpty()) {
            md.append("For ").append(String.join(", ", positive)).append(" the faster trials were decidedly those whose "
                    + "receiver waited more often per message: there the receiver's pace did not make the sender "
                    + "cheaper.\n\n");
        }
        if (negative.isEmpty() && positive.isEmpty()) {
            md.append("No strategy's ρ was decided either way in this run.\n\n");
        }
        return md.toString();
    }

    /** What one ratio says, in words no stronger than its interval. */
    String reading(CalibrationRow r) {
        Verdict v = Verdict.of(r.ratio(), margin);
        String ref = r.reference().equals(CalibrationRow.C_TWIN) ? "C" : r.reference();
        return switch (v) {
            case BEHIND -> "copycost slower than " + ref + ": the harness costs " + Fmt.percent(1 - r.ratio().high())
                    + "–" + Fmt.percent(1 - r.ratio().low()) + " of the reference's rate";
            case EQUIVALENT -> "level with " + ref + " (within ±" + Fmt.percent(margin) + ")";
            case AHEAD -> r.reference().equals(CalibrationRow.C_TWIN)
                    ? "copycost faster than C: the two did not do the same work here (unexplained by this table)"
                    : "copycost faster than " + ref;
            case UNDECIDED -> "unresolved with " + r.ratio().n() + " pairs: the interval spans 1";
        };
    }

    /** The C-twin ratios per size: the smallest size's worst decided loss, stated with its interval. */
    private Optional<String> summary() {
        List<String> parts = new ArrayList<>();
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN)).mapToInt(CalibrationRow::size).distinct()
                .sorted().forEach(size -> {
                    List<String> at = new ArrayList<>();
                    rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && r.size() == size)
                            .forEach(r -> at.add(r.label() + " " + Fmt.num(r.ratio().estimate()) + " ["
                                    + Fmt.num(r.ratio().low()) + "–" + Fmt.num(r.ratio().high()) + "]"));
                    parts.add(Fmt.size(size) + ": " + String.join(", ", at));
                });
        return parts.isEmpty() ? Optional.empty()
                : Optional.of("copycost / C by size: " + String.join("; ", parts) + ".");
    }
}

package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.calibration.CallCost;
import dev.copycost.calibration.ThroughputSplit;
import dev.copycost.experiment.Summary;
import dev.copycost.message.MessageLayout;
import dev.copycost.profile.Category;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.CpuAttributionRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where copycost's extra time goes at each C-twin point: the share of its sender's CPU in JNA's path
 * into C and in its own Java, from the matrix's profiled window of the same point; the TCP segments
 * each program sent per message, which Nagle's algorithm makes depend on both programs' pace; and one
 * call alone through JNA beside the same call from C.
 */
final class HarnessGap {
    private final List<CalibrationRow> rows;
    private final List<CalibrationTrial> trials;
    private final List<ThroughputSplit> splits;
    private final List<CpuAttributionRow> attribution;
    private final List<CallCost> callCosts;
    private final double margin;

    HarnessGap(List<CalibrationRow> rows, List<CalibrationTrial> trials, List<ThroughputSplit> splits,
            List<CpuAttributionRow> attribution, List<CallCost> callCosts, double margin) {
        this.rows = rows;
        this.trials = trials;
        this.splits = splits;
        this.attribution = attribution;
        this.callCosts = callCosts;
        this.margin = margin;
    }

    /**
     * Per C-twin point, how much of copycost's sender CPU went to the layers the twin does not have,
     * from the matrix's profile of the same point; a point the matrix did not profile says so.
     */
    String markdown() {
        List<CalibrationRow> twin = rows.stream().filter(CalibrationRow::twinWithNagle).toList();
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
                + "Beside them, how much more CPU a message cost copycost's sender than the twin's in the calibration's "
                + "own trials (medians of each program's trials; see the table above), so each layer's µs can be read "
                + "against the whole difference. The last column is the TCP segments each program's trials sent (data and acknowledgements, both "
                + "ends) per message verified, medians over the trials.\n\n"
                + "| strategy | size | copycost / C | native calls per message | sender: native-call | sender: harness "
                + "| sender µs more per message than C's | segments per message: copycost, C |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> missing = new ArrayList<>();
        for (CalibrationRow r : twin) {
            Optional<CpuAttributionRow> nativeCall = sender(r, Category.NATIVE_CALL);
            Optional<CpuAttributionRow> harness = sender(r, Category.HARNESS);
            if (nativeCall.isEmpty() || harness.isEmpty()) {
                missing.add(r.strategy() + " at " + Fmt.size(r.size()));
                continue;
            }
            md.append("| ").append(r.strategy()).append(" | ").append(Fmt.size(r.size())).append(" | ")
                    .append(HarnessEfficiency.ratio(r)).append(" | ").append(callsPerMessage(r.strategy()))
                    .append(" | ").append(share(nativeCall.get())).append(" | ").append(share(harness.get()))
                    .append(" | ").append(extraCpu(r)).append(" | ").append(Fmt.rounded(segments(r, true), 2)).append(", ")
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
    private Optional<String> callAlone() {
        Optional<CallCost> jna = callCosts.stream().filter(c -> c.binding().equals(CallCost.JNA)).findFirst();
        Optional<CallCost> c = callCosts.stream().filter(x -> x.binding().equals(CallCost.C)).findFirst();
        if (jna.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("One call alone, free(NULL), which returns at once (rounds of "
                + String.format(Locale.ROOT, "%,d", jna.get().callsPerRound()) + " calls after as many "
                + "rounds of warm-up): through JNA's direct mapping " + ns(jna.get()) + ", from C through a function "
                + "pointer " + ns(c.get()) + ".");
        List<String> inLoop = new ArrayList<>();
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN)).mapToInt(CalibrationRow::size).min()
                .ifPresent(size -> {
                    for (String strategy : List.of("send", "sendmsg")) {
                        int calls = nativeCallsPerMessage(strategy);
                        sender(strategy, size, Category.NATIVE_CALL).filter(a -> Double.isFinite(a.cpuNsPerMessage()))
                                .ifPresent(a -> inLoop.add(strategy + " at " + Fmt.size(size) + " (" + calls
                                        + " per message) " + Fmt.rounded(a.cpuNsPerMessage() / calls, 2) + " ns"));
                    }
                });
        if (!inLoop.isEmpty()) {
            s.append(" Inside the send loop, the profile's native-call time per message over the calls per message "
                    + "comes to ").append(String.join(", ", inLoop)).append(" per call.");
        }
        s.append(" What another binding of the hot calls would change is not measured by this run: "
                + "perf-scripts/binding/what-if-jni.sh runs this calibration with send, sendmsg and recv bound "
                + "through JNI beside JNA.");
        return Optional.of(s.toString());
    }

    /** copycost's sender CPU per message less the twin's, medians of the calibration's trials; n/a where not reported. */
    private String extraCpu(CalibrationRow r) {
        return splits.stream().filter(s -> s.row().equals(r)).findFirst()
                .map(s -> Fmt.rounded(s.copycost().senderCpuMicros() - s.reference().senderCpuMicros(), 2) + " µs")
                .orElse("n/a");
    }

    private static String ns(CallCost cost) {
        return Fmt.rounded(cost.median(), 2) + " ns [" + Fmt.rounded(cost.min(), 2) + "–" + Fmt.rounded(cost.max(), 2)
                + " over " + cost.nsPerCall().size() + " rounds]";
    }

    /** The median of one program's TCP segments per message over the trials of a row; NaN if none. */
    private double segments(CalibrationRow r, boolean copycost) {
        double[] v = trials.stream().filter(t -> r.of(t) && t.copycost() == copycost
                && Double.isFinite(t.segmentsPerMessage())).mapToDouble(CalibrationTrial::segmentsPerMessage).toArray();
        return v.length == 0 ? Double.NaN : Summary.of(v).median();
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
                + "acknowledged, so how many messages share a segment depends on both programs' pace, and each segment "
                + "costs the sender a transmit and, over loopback, mostly its delivery too.");
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && r.noDelay() && r.size() == smallest)
                .forEach(off -> {
                    s.append(" Whether that widens the gap is what the same pairs with TCP_NODELAY on, every write sent "
                            + "at once, answer: ").append(off.strategy()).append(' ')
                            .append(HarnessEfficiency.ratio(off)).append(", ")
                            .append(HarnessEfficiency.reading(off, margin)).append(" (segments per message ")
                            .append(Fmt.rounded(segments(off, true), 2)).append(", ")
                            .append(Fmt.rounded(segments(off, false), 2)).append(")");
                    twin.stream().filter(on -> on.strategy().equals(off.strategy()) && on.size() == smallest).findFirst()
                            .ifPresent(on -> s.append(on.ratio().excludes(off.ratio())
                                    ? ", separated from " + HarnessEfficiency.ratio(on) + " with it off: the gap differs "
                                            + "with Nagle's coalescing"
                                    : ", not separated from " + HarnessEfficiency.ratio(on) + " with it off: this run "
                                            + "shows no part of the gap that Nagle's coalescing adds"));
                    s.append('.');
                });
        return Optional.of(s.toString());
    }

    /** JNA calls per message on the sender's path when the kernel takes each whole: one send() per field for send. */
    private static int nativeCallsPerMessage(String strategy) {
        return strategy.equals("send") ? MessageLayout.FIELDS : 1;
    }

    /** The same as the table says it: zerocopy also reads its completions. */
    private static String callsPerMessage(String strategy) {
        return nativeCallsPerMessage(strategy) + (strategy.equals("zerocopy") ? ", plus completion reads" : "");
    }

    private static String share(CpuAttributionRow row) {
        String perMessage = Double.isFinite(row.cpuNsPerMessage())
                ? ", " + Fmt.rounded(row.cpuNsPerMessage() / 1000, 2) + " µs" : "";
        return Fmt.rounded(row.share() * 100, 2) + " %" + perMessage + " (" + row.samples()
                + (row.samples() == 1 ? " sample)" : " samples)");
    }

    private Optional<CpuAttributionRow> sender(CalibrationRow r, Category category) {
        return sender(r.strategy(), r.size(), category);
    }

    /** The matrix's profile of the sender at this point, over loopback at one connection. */
    private Optional<CpuAttributionRow> sender(String strategy, int size, Category category) {
        return attribution.stream().filter(CpuAttributionRow::cpuTime)
                .filter(a -> a.role().equals("sender") && a.topology().equals("loopback") && a.threads() == 1
                        && a.strategy().equals(strategy) && a.size() == size && a.category().equals(category.label()))
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
                            + HarnessEfficiency.ratio(r) + " of the C twin's rate. Both layers cost per call, not "
                            + "per byte; the table gives their share at each size.";
                });
    }
}

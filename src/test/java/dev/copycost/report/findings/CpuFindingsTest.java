package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.profile.Category;
import dev.copycost.profile.PointProfile;
import dev.copycost.report.Fmt;
import dev.copycost.report.TestProfiles;
import dev.copycost.report.TestRows;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.report.results.ProfileRun;
import dev.copycost.report.results.ProfiledPoint;
import dev.copycost.report.results.ResultsTable.ResultsFile;
import dev.copycost.report.results.RunMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Part A, Q1's measured shares and the 64 B breakdown, computed from recorded profiles. */
class CpuFindingsTest {
    private static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms",
            "t", 0.99, 0.05, 0.25, 3, "loopback", "packed");
    private static final ProfileRun RUN = new ProfileRun(true, true, "", List.of("cpu"), "1ms",
            List.of("no hardware PMU (cycles: Perf events unavailable)"));

    private static ResultsFile results(ProfileRun run, List<PointProfile> profiles) {
        List<CpuAttributionRow> rows = profiles.stream().flatMap(p -> CpuAttributionRow.of(p).stream()).toList();
        return new ResultsFile(TestRows.ENV, List.of(TestRows.row("sendmsg", 65536, 1, 10, 11, 12),
                TestRows.row("zerocopy", 64, 1, 0.01, 0.011, 0.012)), List.of(), List.of(), METHOD, java.util.Map.of(), run,
                profiles.stream().map(p -> ProfiledPoint.of(p, Path.of("."))).toList(), rows);
    }

    private static double share(String recorded, String role, Category c) {
        return dev.copycost.profile.RecordedProfiles.attributed(recorded)
                .get(dev.copycost.profile.Role.parse(role)).share(c);
    }

    /** A profile share as the text gives it: two significant figures. */
    private static String pct(double share) {
        return Fmt.rounded(100 * share, 2) + " %";
    }

    @Test
    void partANamesEachCopyWhereItHappenedWithItsMeasuredShare() {
        Findings f = Findings.from(results(RUN, TestProfiles.recordedMatrix()));
        String md = f.cpuProfile();
        assertThat(md).contains("**sendmsg 64 KiB × 1**: 2 copies seen — 1 copy into the kernel at send time ("
                + pct(share("sendmsg-65536", "sender", Category.COPY_TO_KERNEL)) + " of sender CPU")
                .contains("1 copy out to the receiver (" + pct(share("sendmsg-65536", "receiver",
                        Category.COPY_TO_USER)) + " of receiver CPU");
        assertThat(md).contains("**copy-send 64 KiB × 1**: 3 copies seen — 1 copy in user space");
        assertThat(md).contains("**zerocopy 64 KiB × 1**: 2 copies seen — 1 copy deferred to delivery, of the pinned "
                + "pages (" + pct(share("zerocopy-65536", "sender", Category.DEFERRED_COPY)))
                .contains("0 % copying at send time");
        assertThat(md).as("ns per message = share × the role's CPU per message")
                .contains("about " + Fmt.rounded(share("sendmsg-65536", "sender", Category.COPY_TO_KERNEL) * 29_000, 2) + " ns per message");
        assertThat(md).contains("no hardware PMU");
        assertThat(f.markdown()).contains("## Where each copy happened");
    }

    @Test
    void q1GainsTheMeasuredSharesOfPinningCompletionAndTheDeferredCopy() {
        Findings f = Findings.from(results(RUN, TestProfiles.recordedMatrix()));
        String q1 = f.analysisQuestions();
        assertThat(q1).contains("zerocopy 64 B × 1: page pinning "
                + pct(share("zerocopy-64", "sender", Category.PAGE_PINNING)) + " of sender CPU")
                .contains("completion handling " + pct(share("zerocopy-64", "sender", Category.COMPLETION)));
    }

    @Test
    void theSmallestSizeGetsAPerMessageBreakdownNamingTheFieldPlacement() {
        String md = Findings.from(results(RUN, TestProfiles.recordedMatrix())).cpuProfile();
        assertThat(md).contains("## Per-message CPU at 64 B, by category").contains("Fields placed packed")
                .contains("| page-pinning | " + Fmt.num(share("zerocopy-64", "sender", Category.PAGE_PINNING) * 32_000)
                        + " / ");
    }

    @Test
    void withoutProfilesTheSectionSaysWhy() {
        assertThat(Findings.from(results(ProfileRun.OFF, List.of())).cpuProfile())
                .contains("No CPU profile: turned off with -Dcopycost.profile=off");
        ProfileRun refused = new ProfileRun(true, false, "no profiling event could be started here: cycles: x",
                List.of(), "1ms", List.of());
        assertThat(Findings.from(results(refused, List.of())).cpuProfile())
                .contains("could be taken on this host: no profiling event could be started");
        assertThat(Findings.from(results(RUN, List.of())).analysisQuestions()).doesNotContain("page pinning");
    }

    private static CpuAttributionRow attributed(String strategy, String role, Category c, double ns, long samples) {
        return new CpuAttributionRow(strategy, 64, 1, "loopback", role, c.label(), 0.1, samples, ns, "cpu");
    }

    /**
     * Issue 16 review: at zerocopy 64 B × 1 the sender took about 17 µs per message against sendmsg's
     * 2 µs, and pinning, completion and the deferred copy made only 2.7 µs of the difference; most of
     * it was TCP/IP processing (10.7 against 0.8 µs). Q1 must say so, not name the expected causes.
     */
    @Test
    void q1SaysHowMuchOfZeroCopysExtraCostTheNamedPerSendCostsMade() {
        List<CpuAttributionRow> rows = List.of(
                attributed("zerocopy", "sender", Category.TCP_IP, 10_676, 211),
                attributed("zerocopy", "sender", Category.PAGE_PINNING, 1_619, 32),
                attributed("zerocopy", "sender", Category.COMPLETION, 304, 6),
                attributed("zerocopy", "sender", Category.DEFERRED_COPY, 759, 15),
                attributed("zerocopy", "sender", Category.SYSCALL, 3_600, 65),
                attributed("sendmsg", "sender", Category.TCP_IP, 808, 40),
                attributed("sendmsg", "sender", Category.SYSCALL, 1_200, 60));
        String text = new CpuFindings(rows, RUN, List.of(), "page-per-field").zeroCopyExtraAtSmallest().orElseThrow();

        assertThat(text).contains("zerocopy took 15000 ns more CPU per message than sendmsg")
                .contains("Page pinning, completion handling and the deferred copy together made 2700 ns of it (18 %)")
                .contains("tcp-ip 11000 against 810 ns")
                .contains("account for less than half of the loss")
                .contains("329 and 100 samples");
    }
}

package dev.copycost.strategy;

import static dev.copycost.uring.UringAbi.IORING_CQE_F_MORE;
import static dev.copycost.uring.UringAbi.IORING_CQE_F_NOTIF;
import static dev.copycost.uring.UringAbi.IORING_NOTIF_USAGE_ZC_COPIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.copycost.nativeio.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link UringLedger} against a model of what the kernel may do: every request gets a result; a result
 * with F_MORE (successful or not) a notification, flagged COPIED or not; completions arrive in any
 * order, a notification even before its result. The sender's discipline is modelled too: a request is
 * issued only when the ledger says its buffer set is free, and the model checks that it is right.
 */
class UringLedgerPropertyTest {
    private static final int MESSAGE = 4096;

    /** What the kernel does with one request. */
    private record Outcome(boolean failed, boolean more, boolean copied) {
        int res() {
            return failed ? -(more ? Errno.EPIPE : Errno.ECANCELED) : MESSAGE;
        }
    }

    /** One completion queue entry as the kernel would post it. */
    private record Cqe(long userData, int res, int flags) {
    }

    record Plan(int sets, int requests, long seed) {
        List<Outcome> outcomes() {
            Random r = new Random(seed);
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                boolean failed = r.nextInt(5) == 0;
                boolean more = r.nextInt(4) != 0; // uring-send never has F_MORE; a failed zero-copy request may
                out.add(new Outcome(failed, more, more && r.nextBoolean()));
            }
            return out;
        }
    }

    private static Gen<Plan> plans(int maxSets, int maxRequests) {
        return integers().between(1, maxSets).zip(integers().between(1, maxRequests), longs().all(), Plan::new);
    }

    private static List<Cqe> cqesOf(long n, Outcome o) {
        List<Cqe> cqes = new ArrayList<>();
        cqes.add(new Cqe(n, o.res(), o.more() ? IORING_CQE_F_MORE : 0));
        if (o.more()) {
            // bit 31 set makes res negative as an int: the ledger must read it as a flag
            cqes.add(new Cqe(n, o.copied() ? IORING_NOTIF_USAGE_ZC_COPIED : 0, IORING_CQE_F_NOTIF));
        }
        return cqes;
    }

    private static void deliver(UringLedger ledger, Cqe c) {
        ledger.record(c.userData(), c.res(), c.flags());
    }

    /**
     * Runs the sender's discipline against a shuffling kernel: issue request n as soon as the ledger
     * frees its set (checked against the model), else deliver a random pending completion.
     */
    private static UringLedger run(Plan plan, List<Outcome> outcomes) {
        UringLedger ledger = new UringLedger(plan.sets(), MESSAGE);
        Random random = new Random(plan.seed() ^ 0x5eedL);
        List<Cqe> pending = new ArrayList<>();
        boolean[] resultSeen = new boolean[plan.requests()];
        boolean[] notifSeen = new boolean[plan.requests()];
        int next = 0;
        while (next < plan.requests() || !pending.isEmpty()) {
            if (next < plan.requests()) {
                int set = next % plan.sets();
                int holder = next - plan.sets(); // the request that last used this set
                boolean modelFree = holder < 0 || resultSeen[holder] && (!outcomes.get(holder).more() || notifSeen[holder]);
                assertThat(ledger.setFree(set)).as("set %d free before request %d (%s)", set, next, ledger)
                        .isEqualTo(modelFree);
                if (modelFree && (pending.isEmpty() || random.nextBoolean())) {
                    ledger.issue(next);
                    pending.addAll(cqesOf(next, outcomes.get(next)));
                    next++;
                    continue;
                }
            }
            Cqe c = pending.remove(random.nextInt(pending.size()));
            deliver(ledger, c);
            if ((c.flags() & IORING_CQE_F_NOTIF) != 0) {
                notifSeen[(int) c.userData()] = true;
            } else {
                resultSeen[(int) c.userData()] = true;
            }
        }
        return ledger;
    }

    @Test
    void everyOrderTheKernelMayProduceBalances() {
        qt().withExamples(400).forAll(plans(8, 80)).checkAssert(plan -> {
            List<Outcome> outcomes = plan.outcomes();
            UringLedger ledger = run(plan, outcomes);
            long more = outcomes.stream().filter(Outcome::more).count();
            long copied = outcomes.stream().filter(Outcome::copied).count();
            long failed = outcomes.stream().filter(Outcome::failed).count();

            assertThat(ledger.issued()).isEqualTo(plan.requests());
            assertThat(ledger.results()).isEqualTo(plan.requests());
            assertThat(ledger.settled()).as("every request settled").isEqualTo(plan.requests());
            assertThat(ledger.notifications()).as("one notification per F_MORE, failed requests' too").isEqualTo(more);
            assertThat(ledger.notificationsOwed()).isZero();
            assertThat(ledger.copied()).as("COPIED read as a flag in bit 31").isEqualTo(copied);
            assertThat(ledger.failed()).isEqualTo(failed);
            assertThat(ledger.earlyReuses()).as("the discipline never reuses a set early").isZero();
            ZeroCopyCounts counts = ledger.counts();
            assertThat(counts.duplicates() + counts.unknown()).isZero();
            assertThat(counts.completed()).isEqualTo(plan.requests());
            assertThat(counts.copiedNotifications()).isEqualTo(copied);
            if (failed == 0) {
                try {
                    ledger.verifyComplete();
                } catch (ZeroCopyAccountingException e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            } else {
                assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                        .hasMessageContaining("first failure: request").hasMessageContaining(failed + " failed");
            }
        });
    }

    @Test
    void aMissingNotificationFailsTheEndWithTheNumbers() {
        qt().withExamples(200).forAll(plans(1, 40)).checkAssert(p -> {
            Plan plan = new Plan(p.requests(), p.requests(), p.seed()); // a set per request: nothing waits for the lost one
            List<Outcome> outcomes = plan.outcomes();
            List<Integer> withMore = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).more()) {
                    withMore.add(i);
                }
            }
            if (withMore.isEmpty()) {
                return;
            }
            int lost = withMore.get(new Random(plan.seed()).nextInt(withMore.size()));
            UringLedger ledger = new UringLedger(plan.sets(), MESSAGE);
            List<Cqe> all = new ArrayList<>();
            for (int n = 0; n < plan.requests(); n++) {
                ledger.issue(n);
                for (Cqe c : cqesOf(n, outcomes.get(n))) {
                    if (!(c.userData() == lost && (c.flags() & IORING_CQE_F_NOTIF) != 0)) {
                        all.add(c);
                    }
                }
            }
            java.util.Collections.shuffle(all, new Random(plan.seed() + 1));
            all.forEach(c -> deliver(ledger, c));

            assertThat(ledger.isSettled(lost)).isFalse();
            assertThat(ledger.allSettled()).isFalse();
            assertThat(ledger.notificationsOwed()).isEqualTo(1);
            assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                    .hasMessageContaining("1 results flagged F_MORE never got their notification")
                    .hasMessageContaining("issued " + plan.requests());
        });
    }

    @Test
    void aRepeatedOrUnknownCompletionIsCountedNotTrusted() {
        qt().withExamples(200).forAll(plans(1, 40)).checkAssert(p -> {
            Plan plan = new Plan(p.requests(), p.requests(), p.seed());
            List<Outcome> outcomes = plan.outcomes();
            UringLedger ledger = new UringLedger(plan.sets(), MESSAGE);
            List<Cqe> all = new ArrayList<>();
            for (int n = 0; n < plan.requests(); n++) {
                ledger.issue(n);
                all.addAll(cqesOf(n, outcomes.get(n)));
            }
            Random r = new Random(plan.seed());
            Cqe twice = all.get(r.nextInt(all.size()));
            all.add(twice);
            all.add(new Cqe(plan.requests() + r.nextInt(5), MESSAGE, 0)); // never issued
            java.util.Collections.shuffle(all, r);
            all.forEach(c -> deliver(ledger, c));

            assertThat(ledger.counts().duplicates()).as("the repeated " + twice).isEqualTo(1);
            assertThat(ledger.counts().unknown()).isEqualTo(1);
            assertThat(ledger.allSettled()).as("a repeat does not settle anything twice").isTrue();
            assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                    .hasMessageContaining("duplicates 1").hasMessageContaining("unknown 1");
        });
    }
}

package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import java.util.List;
import java.util.Optional;

/**
 * The headline points of the course report the project grew from, beside this run's matching points.
 * The seed's numbers are constants copied from ../shared/SEED-NOTES.md; they are shown as
 * information about another host, never used to judge this one.
 */
final class SeedComparison {
    static final String SOURCE = "PA02 course report \"Network I/O Data Movement Cost Analysis\" "
            + "(figures as listed in ../shared/SEED-NOTES.md)";
    static final String SEED_HOST = "Intel desktop, Ubuntu 22.04, perf_event_paranoid = -1, loopback, "
            + "C programs, a single run per point (no spread)";

    /** One point the seed reported; {@code impl} is its name (A1, A2, A3). */
    record SeedPoint(String impl, int size, int threads, double gbps) {
        /** The seed's implementations mapped to this project's strategies. */
        String strategy() {
            return switch (impl) {
                case "A1" -> "send";
                case "A2" -> "sendmsg";
                case "A3" -> "zerocopy";
                default -> throw new IllegalStateException("unknown seed implementation " + impl);
            };
        }
    }

    static final List<SeedPoint> POINTS = List.of(
            new SeedPoint("A1", 64, 1, 0.126),
            new SeedPoint("A2", 64, 1, 1.209),
            new SeedPoint("A3", 64, 1, 0.261),
            new SeedPoint("A1", 4096, 1, 11.96),
            new SeedPoint("A3", 4096, 1, 14.35),
            new SeedPoint("A1", 65536, 1, 62.97),
            new SeedPoint("A2", 65536, 1, 75.6),
            new SeedPoint("A3", 65536, 1, 63.04),
            new SeedPoint("A2", 65536, 4, 286.4),
            new SeedPoint("A2", 65536, 8, 107.3),
            new SeedPoint("A3", 65536, 8, 78.7));

    private final RowIndex index;
    private final EnvironmentFacts env;

    SeedComparison(RowIndex index, EnvironmentFacts env) {
        this.index = index;
        this.env = env;
    }

    Optional<ResultRow> match(SeedPoint p) {
        return index.get(p.strategy(), p.size(), p.threads());
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## The seed's reported points beside this run\n\n");
        md.append("- Seed: ").append(SEED_HOST).append(". Source: ").append(SOURCE).append(".\n");
        md.append("- This run: ").append(env.host()).append("; ").append(env.virtualisation()).append("; JDK ")
                .append(env.jdk()).append("; this run's Gbps as the geometric mean over at least ").append(index.minRepetitions())
                .append(" trials with its 95% interval (median [min–max] over windows for results without trials).\n");
        md.append("- Mapping: A1 = send (8 send() calls per message), A2 = sendmsg (one 8-entry iovec), "
                + "A3 = zerocopy (sendmsg with MSG_ZEROCOPY).\n\n");
        md.append("| seed impl | strategy here | size | connections | seed Gbps (single run) | this run Gbps [95% interval] | this run / seed |\n")
                .append("|---|---|---:|---:|---:|---|---:|\n");
        for (SeedPoint p : POINTS) {
            Optional<ResultRow> r = match(p);
            md.append("| ").append(p.impl()).append(" | ").append(p.strategy()).append(" | ").append(Fmt.size(p.size()))
                    .append(" | ").append(p.threads()).append(" | ").append(Fmt.plain(p.gbps())).append(" | ")
                    .append(r.map(x -> Fmt.spread(x.gbpsCenter(), x.gbpsLow(), x.gbpsHigh())).orElse("not measured"))
                    .append(" | ").append(r.map(x -> Fmt.times(x.gbpsCenter() / p.gbps())).orElse("–")).append(" |\n");
        }
        md.append("\nThe ratios are information only: the hosts differ in CPU, kernel and virtualisation, the "
                + "implementations in language and harness, and a single run per point gives no spread, so no "
                + "difference between the two columns can be called significant.\n");
        return md.toString();
    }
}

package dev.copycost.report.results;

import dev.copycost.profile.Profiler;
import java.util.List;

/**
 * How the run profiled, as results.json records it: whether it was asked for, whether it could
 * run (and why not), the events, the sampling interval, and what no profile of this host can show.
 */
public record ProfileRun(boolean enabled, boolean available, String reason, List<String> events, String interval,
        List<String> limitations) {
    public ProfileRun {
        events = events == null ? List.of() : List.copyOf(events);
        limitations = limitations == null ? List.of() : List.copyOf(limitations);
        reason = reason == null ? "" : reason;
        interval = interval == null ? "" : interval;
    }

    public static final ProfileRun OFF = new ProfileRun(false, false, "turned off with -Dcopycost.profile=off",
            List.of(), "", List.of());

    public static ProfileRun of(Profiler p) {
        return new ProfileRun(true, p.available(), p.unavailableReason(), p.events(),
                dev.copycost.experiment.Durations.formatFine(p.interval()), p.limitations());
    }
}

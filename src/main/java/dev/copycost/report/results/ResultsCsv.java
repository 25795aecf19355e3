package dev.copycost.report.results;

import dev.copycost.report.Fmt;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CSV form of the results. The first 26 columns and their order are fixed by the project's
 * requirements (and documented in the README); columns after them may be added, never reordered.
 * Numbers have full precision and a dot; unavailable values are empty cells.
 */
public final class ResultsCsv {
    private ResultsCsv() {
    }

    private record Column(String name, Function<ResultRow, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            text("strategy", ResultRow::strategy),
            text("size", r -> Integer.toString(r.size())),
            text("threads", r -> Integer.toString(r.threads())),
            text("topology", ResultRow::topology),
            text("repetitions", r -> Integer.toString(r.repetitions())),
            number("gbps_median", ResultRow::gbpsMedian),
            number("gbps_min", ResultRow::gbpsMin),
            number("gbps_max", ResultRow::gbpsMax),
            number("cv", ResultRow::cv),
            text("noisy", r -> Boolean.toString(r.noisy())),
            number("msgs_per_s", ResultRow::msgsPerS),
            number("sender_cpu_ns_per_byte", ResultRow::senderCpuNsPerByte),
            number("receiver_cpu_ns_per_byte", ResultRow::receiverCpuNsPerByte),
            number("sender_ctx_switches", ResultRow::senderCtxSwitches),
            number("receiver_ctx_switches", ResultRow::receiverCtxSwitches),
            number("cycles", ResultRow::cycles),
            number("instructions", ResultRow::instructions),
            number("cache_misses", ResultRow::cacheMisses),
            text("zc_issued", r -> Long.toString(r.zcIssued())),
            text("zc_completed", r -> Long.toString(r.zcCompleted())),
            text("zc_copied", r -> Long.toString(r.zcCopied())),
            text("zc_notifications", r -> Long.toString(r.zcNotifications())),
            text("enobufs", r -> Long.toString(r.enobufs())),
            text("verified_messages", r -> Long.toString(r.verifiedMessages())),
            text("corrupt_messages", r -> Long.toString(r.corruptMessages())),
            number("sender_alloc_bytes_per_msg", ResultRow::senderAllocBytesPerMsg),
            text("gc_in_window", r -> Boolean.toString(r.gcInWindow())),
            // extra columns: free to grow, after the fixed ones
            number("sender_cpu_ns_per_byte_min", ResultRow::senderCpuNsPerByteMin),
            number("sender_cpu_ns_per_byte_max", ResultRow::senderCpuNsPerByteMax),
            number("receiver_cpu_ns_per_byte_min", ResultRow::receiverCpuNsPerByteMin),
            number("receiver_cpu_ns_per_byte_max", ResultRow::receiverCpuNsPerByteMax),
            number("ctx_switches_per_mb", ResultRow::ctxSwitchesPerMB),
            number("sender_involuntary_switches", ResultRow::senderInvoluntarySwitches),
            number("receiver_involuntary_switches", ResultRow::receiverInvoluntarySwitches),
            number("cache_references", ResultRow::cacheReferences),
            number("cycles_per_byte", ResultRow::cyclesPerByte),
            number("cache_misses_per_byte", ResultRow::cacheMissesPerByte),
            number("copied_share", ResultRow::copiedShare),
            number("sends_per_notification", ResultRow::sendsPerNotification),
            text("sent_messages", r -> Long.toString(r.sentMessages())),
            text("cpu_source", ResultRow::cpuSource),
            text("counter_mode", ResultRow::counterMode),
            text("native_bytes_per_connection", r -> Long.toString(r.nativeBytesPerConnection())),
            text("socket_options", ResultRow::socketOptions),
            text("trials", r -> Integer.toString(r.statistics().trials())),
            number("gbps_ci_low", r -> r.statistics().gbps().low()),
            number("gbps_ci_high", r -> r.statistics().gbps().high()),
            number("gbps_geomean", r -> r.statistics().gbps().estimate()),
            number("sender_cpu_ns_per_byte_ci_low", r -> r.statistics().senderCpuNsPerByte().low()),
            number("sender_cpu_ns_per_byte_ci_high", r -> r.statistics().senderCpuNsPerByte().high()),
            number("receiver_cpu_ns_per_byte_ci_low", r -> r.statistics().receiverCpuNsPerByte().low()),
            number("receiver_cpu_ns_per_byte_ci_high", r -> r.statistics().receiverCpuNsPerByte().high()),
            text("placement", r -> r.statistics().placement()),
            text("native_resident_estimate", r -> Long.toString(r.nativeResidentEstimate())),
            number("zc_copied_notifications", ResultRow::zcCopiedNotifications),
            // one cell, ';'-separated, so the row count stays one per point
            text("gbps_per_repetition", r -> java.util.Arrays.stream(r.gbpsPerRepetition())
                    .mapToObj(Fmt::plain).collect(Collectors.joining(";"))));

    private static Column text(String name, Function<ResultRow, String> value) {
        return new Column(name, value);
    }

    private static Column number(String name, java.util.function.ToDoubleFunction<ResultRow> value) {
        return new Column(name, r -> Fmt.plain(value.applyAsDouble(r)));
    }

    public static List<String> header() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    public static String headerLine() {
        return String.join(",", header());
    }

    public static String line(ResultRow row) {
        return COLUMNS.stream().map(c -> escape(c.value().apply(row))).collect(Collectors.joining(","));
    }

    /** Header and one line per row, each line ending in a newline. */
    static String of(List<ResultRow> rows) {
        StringBuilder out = new StringBuilder(headerLine()).append('\n');
        for (ResultRow row : rows) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    /** RFC 4180 quoting, needed for the free-text columns (cpu source, counter mode). */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}

package dev.copycost.report.charts;

import dev.copycost.report.results.ResultRow;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ResultRow}s by component name, so the chart tests do not depend on the order or
 * number of the record's components: anything not given is NaN, 0, false or null.
 */
final class ChartRows {
    private ChartRows() {
    }

    static ResultRow row(Map<String, Object> values) {
        RecordComponent[] components = ResultRow.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            Object v = values.get(components[i].getName());
            args[i] = v != null ? convert(v, types[i]) : neutral(types[i]);
        }
        try {
            Constructor<ResultRow> c = ResultRow.class.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a ResultRow from " + values, e);
        }
    }

    /**
     * A plausible matrix: throughput rises with size and (up to 2) threads with ±10 % spread; zero-copy
     * always COPIED, as on loopback; PMU counters NaN unless {@code counters}.
     */
    static List<ResultRow> matrix(List<String> strategies, List<Integer> sizes, List<Integer> threads, boolean counters) {
        List<ResultRow> rows = new ArrayList<>();
        for (String s : strategies) {
            double eff = 0.3 + 0.12 * (strategies.indexOf(s) % 5);
            for (int size : sizes) {
                for (int t : threads) {
                    double gbps = eff * 60 * size / (size + 2000.0) * Math.pow(Math.min(t, 2), 0.7);
                    boolean zc = s.equals("zerocopy");
                    Map<String, Object> v = new HashMap<>();
                    v.put("strategy", s);
                    v.put("size", size);
                    v.put("threads", t);
                    v.put("repetitions", 3);
                    v.put("gbpsMedian", gbps);
                    v.put("gbpsMin", gbps * 0.9);
                    v.put("gbpsMax", gbps * 1.1);
                    v.put("cv", 0.05);
                    v.put("senderCpuNsPerByte", 8 / gbps);
                    v.put("senderCpuNsPerByteMin", 7 / gbps);
                    v.put("senderCpuNsPerByteMax", 9 / gbps);
                    v.put("ctxSwitchesPerMB", 5000.0 * t / size * (1 + strategies.indexOf(s) * 0.2));
                    long bytes = (long) (gbps * 1e9 / 8 * 0.25);
                    v.put("perRepetition", List.of(new dev.copycost.report.results.RepetitionRow(0, 0.25, bytes / size, bytes,
                            gbps, (long) (0.2e9 * t), (long) (0.15e9 * t), 10, 50L * t * t, 10, 40L * t, 0, 0, 0, 0, 0,
                            Map.of(), Map.of())));
                    v.put("cyclesPerByte", counters ? 20 / gbps : Double.NaN);
                    v.put("cacheMissesPerByte", counters ? 0.01 / gbps : Double.NaN);
                    v.put("copiedShare", zc ? 1.0 : Double.NaN);
                    v.put("sendsPerNotification", zc ? (size < 4096 ? 4.0 : 1.0) : Double.NaN);
                    rows.add(row(v));
                }
            }
        }
        return rows;
    }

    private static Object convert(Object v, Class<?> type) {
        if (type == int.class) {
            return ((Number) v).intValue();
        }
        if (type == long.class) {
            return ((Number) v).longValue();
        }
        if (type == double.class) {
            return ((Number) v).doubleValue();
        }
        return v;
    }

    private static Object neutral(Class<?> type) {
        if (type == double.class) {
            return Double.NaN;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == String.class) {
            return "";
        }
        return null;
    }
}

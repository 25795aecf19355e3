package dev.copycost.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the run's environment where the Allure report picks it up: environment.properties (read by
 * Allure 2 and by Allure 3's reader alike, shown as the report's Environment) and, when CI=true,
 * executor.json naming the CI run.
 */
final class ReportEnvironment {
    private ReportEnvironment() {
    }

    static Path resultsDir() {
        return Path.of(System.getProperty("allure.results.directory", "allure-results"));
    }

    static void write(Map<String, String> facts) throws IOException {
        Path dir = Files.createDirectories(resultsDir());
        StringBuilder out = new StringBuilder();
        new TreeMap<>(facts).forEach((k, v) -> out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        Files.writeString(dir.resolve("environment.properties"), out, StandardCharsets.ISO_8859_1);
        if ("true".equals(System.getenv("CI"))) {
            Map<String, Object> executor = new LinkedHashMap<>();
            executor.put("name", "copycost CI (.ci/run)");
            executor.put("type", "ci");
            executor.put("buildName", "copycost " + Instant.now());
            executor.put("reportName", "copycost findings");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("executor.json").toFile(), executor);
        }
    }

    static String markdown(Map<String, String> facts) {
        StringBuilder md = new StringBuilder("| fact | value |\n|---|---|\n");
        new TreeMap<>(facts).forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
        return md.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    /** Java properties escaping, written out so the file has no timestamp line and a stable order. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        String text = s == null ? "" : s;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

package dev.copycost.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hardware runners' workflow runs what the README says: its mvn commands are the README's, word
 * for word, and each is the README's main job (or its jar build) plus only batch mode and documented
 * copycost properties; the host is prepared before and restored after, always; it publishes the
 * files the README names, where its baseline step looks for them.
 */
class HardwareWorkflowTest {
    static final Path WORKFLOW = Path.of(".github/workflows/copycost-hardware.yml");
    static final Path README = Path.of("README.md");

    private static JsonNode workflow;
    private static String readme;
    private static String hardwareSection;

    @BeforeAll
    static void read() throws IOException {
        workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
        readme = Files.readString(README);
        hardwareSection = section(readme, "## Hardware runners");
    }

    @Test
    void everyMvnCommandItRunsIsWrittenInTheReadmesHardwareSection() {
        List<String> commands = mvnCommands(allRunSteps());

        assertThat(commands).as("mvn commands in %s", WORKFLOW).hasSize(2);
        assertThat(commands).allSatisfy(c -> assertThat(codeLines(hardwareSection))
                .as("README \"Hardware runners\" code lines").contains(c));
    }

    @Test
    void theSendersCommandIsTheReadmesMainJobWithOnlyBatchModeAndDocumentedProperties() {
        String main = readmeCommandAfter(section(readme, "## The two commands"), "Main job");
        List<String> sender = mvnCommands(runSteps("sender"));

        assertThat(sender).as("the sender job's mvn commands").hasSize(1);
        assertThat(withoutAdditions(sender.get(0))).as("%s without -B and -Dcopycost.*", sender.get(0)).isEqualTo(main);
        assertThat(properties(sender.get(0))).as("properties the sender sets")
                .containsExactlyInAnyOrder("copycost.peer", "copycost.baseline")
                .allSatisfy(p -> assertThat(documentedProperties()).as("README's property table").contains(p));
    }

    @Test
    void thePeerBuildsTheJarAsTheReadmeDoesAndStartsTheAgentAsTheReadmeShows() {
        String build = readmeCommandAfter(section(readme, "## One experiment from the shell"), "");
        List<String> peer = mvnCommands(runSteps("peer"));

        assertThat(peer).hasSize(1);
        assertThat(withoutAdditions(peer.get(0))).isEqualTo(build);
        String agent = "java -jar target/copycost.jar receive --port";
        assertThat(String.join("\n", runSteps("peer"))).contains(agent);
        assertThat(section(readme, "## Receivers on another host")).contains(agent);
    }

    @Test
    void runnerLabelsAreTheDocumentedOnes() {
        assertThat(labels("sender")).containsExactly("self-hosted", "linux", "copycost");
        assertThat(labels("peer")).containsExactly("self-hosted", "linux", "copycost-peer");
        assertThat(hardwareSection).contains("`[self-hosted, linux, copycost]`")
                .contains("`[self-hosted, linux, copycost-peer]`");
        assertThat(workflow.path("on").has("workflow_dispatch")).as("'on' read as the triggers").isTrue();
        assertThat(workflow.path("on").has("pull_request")).as("a pull_request trigger on self-hosted runners")
                .isFalse();
        assertThat(workflow.path("on").has("pull_request_target")).isFalse();
    }

    @Test
    void eachHostIsPreparedBeforeItsWorkAndRestoredAfterItWhateverHappened() {
        for (String job : List.of("sender", "peer")) {
            List<JsonNode> steps = steps(job);
            int apply = indexOfRun(steps, "perf-scripts/prepare-host.sh --apply");
            int restore = indexOfRun(steps, "perf-scripts/prepare-host.sh --restore");
            int work = indexOfRun(steps, job.equals("sender") ? "mvn -B verify" : "copycost.jar receive");

            assertThat(apply).as(job + ": --apply step").isNotNegative().isLessThan(work);
            assertThat(restore).as(job + ": --restore step after the work").isGreaterThan(work);
            assertThat(steps.get(restore).path("if").asText()).as(job + ": --restore runs also after a failure")
                    .contains("always()");
        }
    }

    @Test
    void itPublishesTheFilesTheReadmeNamesWhereTheBaselineStepLooksForThem() {
        JsonNode upload = stepUsing("sender", "actions/upload-artifact@");
        List<String> paths = upload.path("with").path("path").asText().lines().map(String::trim)
                .filter(l -> !l.isEmpty()).collect(Collectors.toList());

        assertThat(upload.path("if").asText()).contains("always()");
        for (String file : List.of("target/allure-report/index.html", "target/copycost/results.csv",
                "target/copycost/results.json", "target/copycost/comparisons.csv")) {
            assertThat(paths).contains(file);
            assertThat(readme).as("README names " + file).contains(file.substring("target/".length()));
        }
        // upload-artifact stores the paths below their common directory; the download lands in its `path`
        String common = commonDirectory(paths);
        String inArtifact = "target/copycost/results.json".substring(common.length());
        JsonNode download = stepUsing("sender", "actions/download-artifact@");
        assertThat(download.path("with").path("name").asText()).isEqualTo(upload.path("with").path("name").asText());
        String downloaded = download.path("with").path("path").asText() + "/" + inArtifact;
        assertThat(String.join("\n", runSteps("sender"))).as("the step that passes the baseline on")
                .contains("results=" + downloaded);
    }

    @Test
    void everyScriptItCallsExists() {
        Pattern script = Pattern.compile("(perf-scripts/[\\w.-]+\\.sh|\\./\\.github/scripts/[\\w.-]+\\.js)");
        Set<String> called = new TreeSet<>();
        for (JsonNode job : iterable(workflow.path("jobs"))) {
            for (JsonNode step : iterable(job.path("steps"))) {
                Matcher m = script.matcher(step.path("run").asText() + step.path("with").path("script").asText());
                while (m.find()) {
                    called.add(m.group(1));
                }
            }
        }
        assertThat(called).contains("perf-scripts/prepare-host.sh", "./.github/scripts/find-baseline.js",
                "./.github/scripts/await-job.js");
        assertThat(called).allSatisfy(s -> assertThat(Path.of(s)).isRegularFile());
    }

    // ---- the workflow ----

    private static List<JsonNode> steps(String job) {
        JsonNode steps = workflow.path("jobs").path(job).path("steps");
        assertThat(steps.isArray()).as("jobs.%s.steps in %s", job, WORKFLOW).isTrue();
        return StreamSupport.stream(steps.spliterator(), false).collect(Collectors.toList());
    }

    private static List<String> runSteps(String job) {
        return steps(job).stream().filter(s -> s.has("run")).map(s -> s.get("run").asText()).collect(Collectors.toList());
    }

    private static List<String> allRunSteps() {
        List<String> runs = new ArrayList<>();
        workflow.path("jobs").fieldNames().forEachRemaining(job -> runs.addAll(runSteps(job)));
        return runs;
    }

    private static int indexOfRun(List<JsonNode> steps, String text) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("run").asText().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode stepUsing(String job, String action) {
        return steps(job).stream().filter(s -> s.path("uses").asText().startsWith(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no step of job " + job + " uses " + action));
    }

    private static List<String> labels(String job) {
        return StreamSupport.stream(workflow.path("jobs").path(job).path("runs-on").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toList());
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }

    /** Shell lines that run mvn, with backslash continuations joined. */
    static List<String> mvnCommands(List<String> scripts) {
        List<String> out = new ArrayList<>();
        for (String script : scripts) {
            for (String line : script.replace("\\\n", " ").split("\n")) {
                String t = line.trim().replaceAll("\\s+", " ");
                if (t.startsWith("mvn ")) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** A command without what batch mode and copycost properties add: the README's command it extends. */
    static String withoutAdditions(String command) {
        return Arrays.stream(command.split(" ")).filter(w -> !w.equals("-B") && !w.startsWith("-Dcopycost."))
                .collect(Collectors.joining(" "));
    }

    static List<String> properties(String command) {
        return Arrays.stream(command.split(" ")).filter(w -> w.startsWith("-Dcopycost."))
                .map(w -> w.substring(2, w.contains("=") ? w.indexOf('=') : w.length())).collect(Collectors.toList());
    }

    static String commonDirectory(List<String> paths) {
        String common = paths.get(0).substring(0, paths.get(0).lastIndexOf('/') + 1);
        for (String p : paths) {
            while (!p.startsWith(common)) {
                common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
            }
        }
        return common;
    }

    // ---- the README ----

    /** From a heading to the next heading of the same or a higher level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        assertThat(start).as("README heading %s", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(markdown);
        int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
        return markdown.substring(start + 1, end);
    }

    /** The indented code lines of a Markdown text, trimmed. */
    static List<String> codeLines(String markdown) {
        return markdown.lines().filter(l -> l.startsWith("    ")).map(l -> l.trim().replaceAll("\\s+", " "))
                .collect(Collectors.toList());
    }

    /** The first mvn code line after the paragraph that starts with {@code lead}. */
    static String readmeCommandAfter(String section, String lead) {
        int from = section.indexOf("\n" + lead);
        assertThat(from).as("a paragraph starting with '%s'", lead).isNotNegative();
        return codeLines(section.substring(from)).stream().filter(l -> l.startsWith("mvn ")).findFirst()
                .orElseThrow(() -> new AssertionError("no mvn code line after '" + lead + "'"));
    }

    /** Properties in the README's table of copycost.* properties. */
    static Set<String> documentedProperties() {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(copycost\\.[\\w.-]+)` \\|").matcher(section(readme, "## Choosing the matrix"));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("README's property table").isNotEmpty();
        return names;
    }
}

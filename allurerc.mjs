// Allure 3 configuration of the copycost report. Read by perf-scripts/allure-report.sh, which the
// build runs after the integration tests as `npx --yes allure@3.18.0 generate allure-results`.
// A plain object rather than defineConfig(): the project has no node_modules for `import "allure"`
// to resolve from, and defineConfig only returns its argument.
//
// Two reports from the same results, each one self-contained HTML file:
// - "findings": only what the experiments found, the Findings suite (summary and conclusions,
//   charts, tables), the Experiment matrix (one test per point) and the Calibration (copycost
//   against its C twin and iperf3). allure-report.sh makes it the
//   report's index.html and opens it on the test holding the summary: the tree lists suites in the
//   order they ran, which puts the matrix above the findings, so the tree alone would not lead.
// - "all-tests": every test of the build, the unit tests included, for whoever debugs the harness.

/** The suites a reader of the findings needs; everything else is a unit test of the harness. */
const FINDINGS_EPICS = ["Findings", "Experiment matrix", "Calibration"];

const common = {
  // One HTML file with everything inlined, so it opens from file:// without a server.
  singleFile: true,
  reportLanguage: "en",
  // The findings are read, not debugged: show their steps (tables, charts) open.
  stepTreeExpansion: "expanded",
  // Suites ("Findings", "Experiment matrix", the unit tests' classes), then the matrix' strategy and size.
  groupBy: ["suite", "feature", "story"],
};

export default {
  // The title of both reports (Allure 3 has one name per generation, not one per report).
  name: "copycost",
  output: "./target/allure-report",
  // Outside target/ (so `mvn clean` keeps it) and git-ignored: trends across runs on this machine.
  historyPath: "./.allure-history.jsonl",
  historyLimit: 30,
  plugins: {
    findings: {
      import: "@allurereport/plugin-awesome",
      options: {
        ...common,
        // The tree beside the open test: the summary is read with the rest of the findings in view.
        layout: "split",
        filter: (tr) => tr.labels.some((l) => l.name === "epic" && FINDINGS_EPICS.includes(l.value)),
      },
    },
    "all-tests": {
      import: "@allurereport/plugin-awesome",
      options: common,
    },
  },
  // First match wins, so defects come before measurement conditions: a failed point is never filed
  // as "noisy". Measurement conditions are passing tests labelled `condition` with a fixed opening
  // phrase (Findings.measurementConditions(), one test each in FindingsIT).
  categories: [
    {
      name: "Experiment failed (point not measured)",
      matchers: { statuses: ["failed", "broken"], trace: /ExperimentFailedException/ },
      expand: true,
    },
    {
      name: "Product defects",
      matchers: { statuses: ["failed"] },
      expand: true,
    },
    {
      name: "Test or harness errors",
      matchers: { statuses: ["broken"] },
    },
    {
      name: "Counters unavailable",
      matchers: [
        { labels: { condition: /^counters unavailable|perf .*unavailable/i } },
        { statuses: ["skipped"], message: /counter|PMU|perf_event/i },
      ],
      groupByMessage: false,
    },
    {
      name: "Zero-copy deferred to copy",
      matchers: { labels: { condition: /^zero-copy (partly )?deferred/i } },
      groupByMessage: false,
    },
    {
      name: "Noisy or thin measurement",
      matchers: { labels: { condition: /^(noisy|single repetition|GC inside)/i } },
      groupByMessage: false,
    },
    {
      name: "Not available on this host (skipped)",
      matchers: { statuses: ["skipped"] },
    },
    {
      name: "Other measurement conditions",
      matchers: { labels: { condition: /./ } },
      groupByMessage: false,
    },
  ],
};

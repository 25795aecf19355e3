// Allure 3 configuration of the copycost findings report. Read by perf-scripts/allure-report.sh,
// which the build runs after the integration tests as `npx --yes allure@3.18.0 generate allure-results`.
// A plain object rather than defineConfig(): the project has no node_modules for `import "allure"`
// to resolve from, and defineConfig only returns its argument.
export default {
  name: "copycost findings",
  output: "./target/allure-report",
  // Outside target/ (so `mvn clean` keeps it) and git-ignored: trends across runs on this machine.
  historyPath: "./.allure-history.jsonl",
  historyLimit: 30,
  plugins: {
    awesome: {
      options: {
        reportName: "copycost findings",
        // One HTML file with everything inlined, so it opens from file:// without a server.
        singleFile: true,
        reportLanguage: "en",
        // The findings are read, not debugged: show their steps (tables, charts) open.
        stepTreeExpansion: "expanded",
        // Suites first ("Findings", "Experiment matrix"), then the matrix' strategy and size.
        groupBy: ["suite", "feature", "story"],
      },
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

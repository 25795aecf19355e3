#!/usr/bin/env bash
# Turns allure-results/ into the report with Allure 3, the npm package "allure", configured by
# allurerc.mjs. Run by the build after the integration tests (exec-maven-plugin,
# post-integration-test). It leaves two self-contained HTML files:
#   target/allure-report/index.html            the findings (Findings and Experiment matrix suites),
#                                              opening on the test whose description is the summary
#   target/allure-report/all-tests/index.html  every test of the build, the unit tests included
#   usage: allure-report.sh VERSION [RESULTS_DIR]
# Without Node.js it says so in one line and succeeds: the results and the CSV are still there.
# With Node.js a failed generation fails the build.
set -euo pipefail
version=${1:?usage: allure-report.sh VERSION [RESULTS_DIR]}
results=${2:-allure-results}
cd "$(dirname "$0")/.."
report=target/allure-report/index.html
# allure-results was emptied at the start of the build; a report from an earlier build must go too.
rm -rf target/allure-report

if ! command -v node >/dev/null 2>&1 || ! command -v npx >/dev/null 2>&1; then
  echo "copycost: no HTML report (Node.js/npx not installed); results are in $results/ and target/copycost/results.csv — to render: npx --yes allure@$version generate $results"
  exit 0
fi
if ! compgen -G "$results/*-result.json" >/dev/null; then
  echo "copycost: no HTML report: $results/ holds no test results (integration tests skipped?)"
  exit 0
fi

start=$(date +%s%N)
# The version is always given: the old npm package allure-commandline installs a command named allure too.
# Quiet npm's notices; Allure's own errors still reach the build log.
NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_LOGLEVEL=error npx --yes "allure@$version" generate "$results"
for generated in target/allure-report/findings/index.html target/allure-report/all-tests/index.html; do
  if [[ ! -s $generated ]]; then
    echo "copycost: allure $version finished but $generated is missing" >&2
    exit 1
  fi
done
# With two reports Allure writes one directory each and, as index.html, a page that only links
# them. The findings report takes that place: the file a reader opens is the findings.
mv target/allure-report/findings/index.html "$report"
rm -r target/allure-report/findings

# The report has no setting for the test it opens on; without one it opens on the bare tree. A
# first fragment naming the summary's test (Allure's id for a result is the MD5 of its uuid) makes
# it open there, tree beside it; a link with a fragment of its own still wins.
summary=$(node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith("-result.json"))) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    if (r.name === "Conclusions" && (r.labels || []).some((l) => l.name === "epic" && l.value === "Findings")) {
      process.stdout.write(require("crypto").createHash("md5").update(r.uuid).digest("hex"));
      break;
    }
  }' "$results")
if [[ -n $summary ]]; then
  node -e '
    const fs = require("fs"), [file, id] = process.argv.slice(1);
    const html = fs.readFileSync(file, "utf8");
    const open = `<script>if (!location.hash) location.replace("#${id}");</script>`;
    fs.writeFileSync(file, html.replace("<head>", "<head>\n    " + open));' "$report" "$summary"
else
  echo "copycost: no Findings \"Conclusions\" result in $results/, so the report opens on its tree, not the summary"
fi
echo "copycost: findings report $(pwd)/$report, every test in $(pwd)/target/allure-report/all-tests/index.html ($(( ($(date +%s%N) - start) / 1000000 )) ms)"

#!/usr/bin/env bash
# Turns allure-results/ into the findings report (target/allure-report/index.html, one file) with
# Allure 3, the npm package "allure", configured by allurerc.mjs. Run by the build after the
# integration tests (exec-maven-plugin, post-integration-test).
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
if [[ ! -s $report ]]; then
  echo "copycost: allure $version finished but $report is missing" >&2
  exit 1
fi
echo "copycost: findings report $(pwd)/$report ($(( ($(date +%s%N) - start) / 1000000 )) ms)"

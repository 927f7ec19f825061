#!/usr/bin/env bash
# Runs every test of Gatewatch on a fresh machine: installs what is missing, checks types and
# lint, the detection benchmark in CI mode, then one Vitest run over all packages (unit, real
# ClickHouse via chdb, a real Kafka broker, a real Chromium). Ends with the line "N passed, N
# failed"; a failed typecheck, lint or benchmark threshold counts as one failure each, and the
# tests still run so one report shows everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tests

static_failures=0
echo "[test] typecheck"
pnpm exec turbo run typecheck --output-logs=errors-only || static_failures=$((static_failures + 1))
echo "[test] lint"
pnpm exec biome check . || static_failures=$((static_failures + 1))
echo "[test] detection benchmark (CI mode: thresholds for the types a registered detector raises)"
pnpm --silent --filter @gatewatch/analyzer run bench:detection --ci || static_failures=$((static_failures + 1))

report=$(mktemp -t gatewatch-vitest-XXXXXX.json)
set +e
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const [staticFailures, status] = [Number(process.argv[2]), Number(process.argv[3])];
  let failed = r.numFailedTests;
  if (failed === 0 && r.numFailedTestSuites > 0) failed = r.numFailedTestSuites;
  // A run that errored outside any test (a config error, an unhandled rejection) still failed.
  if (failed === 0 && status !== 0) failed = 1;
  console.log(`${r.numPassedTests} passed, ${failed + staticFailures} failed`);
' "$report" "$static_failures" "$status" || echo "0 passed, $((static_failures + 1)) failed"
if [ "$status" -ne 0 ] || [ "$static_failures" -ne 0 ]; then exit 1; fi

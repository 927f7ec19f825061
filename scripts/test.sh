#!/usr/bin/env bash
# Runs every test of Gatewatch on a fresh machine: installs what is missing, checks types and
# lint, then one Vitest run over all packages (unit, real ClickHouse via chdb, a real Kafka
# broker, a real Chromium). Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tests

echo "[test] typecheck"
pnpm exec turbo run typecheck --output-logs=errors-only
echo "[test] lint"
pnpm exec biome check .

report=$(mktemp -t gatewatch-vitest-XXXXXX.json)
set +e
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failed = r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  console.log(`${r.numPassedTests} passed, ${failed} failed`);
' "$report" || echo "0 passed, 1 failed"
exit $status

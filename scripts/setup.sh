#!/usr/bin/env bash
# Installs what Gatewatch needs on a fresh machine: pnpm, the workspace's packages, Debian's
# Chromium (browser tests only), the Apache Kafka jars (tests only) and the dashboard build.
# Usage: scripts/setup.sh [--with-tests]
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=false
[ "${1:-}" = "--with-tests" ] && with_tests=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js 20.19 or newer is required (https://nodejs.org)." >&2
  exit 1
fi
if ! command -v pnpm >/dev/null 2>&1; then
  # corepack's own download is blocked on some machines; npm's registry works everywhere npm does.
  say "installing pnpm 10 with npm"
  npm install -g pnpm@10 >/dev/null
fi

say "installing workspace packages"
pnpm install --frozen-lockfile --reporter=silent

if $with_tests; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
  fi
  for tool in java mvn; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required for the Kafka tests (Java 17 and Maven)." >&2; exit 1; }
  done
  say "fetching Apache Kafka from Maven Central (cached in infra/kafka/.cache)"
  pnpm --silent --filter @gatewatch/infra run kafka fetch
fi

say "building the dashboard"
pnpm --silent --filter @gatewatch/dashboard run build >/dev/null

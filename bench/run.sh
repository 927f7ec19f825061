#!/usr/bin/env bash
# Runs every package's benchmark in turn; each prints its own figures (rates, ratios against a
# baseline measured in the same run, peak memory). Benchmarks are scripts, never timed tests.
# Usage: bash bench/run.sh [package ...]   e.g. bash bench/run.sh collector
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then packages=(collector analyzer); fi
for pkg in "${packages[@]}"; do
  echo "== @gatewatch/$pkg"
  pnpm --silent --filter "@gatewatch/$pkg" run bench
done

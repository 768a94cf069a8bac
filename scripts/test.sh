#!/usr/bin/env bash
# `npm test`: every check CI runs, in one command. Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vitest ]; then
  echo "== installing npm packages (first run)"
  npm install --no-audit --no-fund
fi

echo "== format and lint (biome)"
npx biome check .
echo "== types (tsc --noEmit)"
npx tsc --noEmit -p .

echo "== tests (vitest)"
report="$(mktemp -d)/vitest.json"
set +e
NO_COLOR=1 npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
set -e
# CI reads a plain "N passed, N failed" line; vitest's own summary is not one it knows.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || echo "0 passed, 1 failed"
exit "$status"

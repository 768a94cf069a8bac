#!/usr/bin/env bash
# `npm test`: every check CI runs, in one command. Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vitest ]; then
  echo "== installing npm packages (first run)"
  npm install --no-audit --no-fund
fi

echo "== browser for the end-to-end tests (Chromium)"
bash scripts/ensure-chromium.sh
echo "== redis-server for the Redis store's tests"
bash scripts/ensure-redis.sh

echo "== format and lint (biome)"
npx biome check .
echo "== types (tsc --noEmit)"
npx tsc --noEmit -p .

# The e2e project builds the web client first (tests/e2e/support/globalSetup.ts).
echo "== tests (vitest: node, then e2e in Chromium)"
report="$(mktemp -d)/vitest.json"
set +e
NO_COLOR=1 npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
set -e
# CI reads a plain "N passed, N failed" line; vitest's own summary is not one it knows. A file that
# fails outside its tests (an import error, a failing beforeAll) counts as one failure, so the line
# never says "0 failed" for a red run.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const brokenFiles = r.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  let failed = r.numFailedTests + brokenFiles;
  if (!r.success && failed === 0) failed = 1;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || echo "0 passed, 1 failed"
exit "$status"

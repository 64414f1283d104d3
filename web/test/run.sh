#!/usr/bin/env bash
# The page's browser test: installs Chromium (Debian's package) and the npm test
# dependencies when missing, then drives web/dist (build it first: bash web/build.sh).
set -euo pipefail
cd "$(dirname "$0")"
die() { echo "web/test/run.sh: $*" >&2; exit 1; }

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "== apt-get install chromium"
  command -v apt-get >/dev/null || die "no $chromium and no apt-get to install Debian's chromium"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
    die "cannot install Debian's chromium (apt-get install -y chromium)"
  [ -x "$chromium" ] || die "chromium installed, but $chromium is not there"
fi
command -v node >/dev/null || die "node is needed for the browser test"
command -v npm >/dev/null || die "npm is needed for the browser test's dependencies"
if [ ! -d node_modules/playwright-core ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || die "cannot install the npm test dependencies (npm ci in web/test)"
fi
[ -f ../dist/index.html ] || die "no web/dist/index.html: run bash web/build.sh first"
echo "== node --test (headless $("$chromium" --version 2>/dev/null || echo chromium))"
CHROMIUM="$chromium" node --test --test-reporter=spec browser.test.mjs

#!/usr/bin/env bash
# Runs every MiniCRM test on a fresh machine: installs what the tests need (SQLite headers for GRDB,
# Chromium and its driver, wrk, Python selenium and schemathesis in private virtualenvs, PostgreSQL,
# whose throwaway cluster it starts and stops itself), builds everything once —
# the `minicrm` program included, which the command-level tests run — then runs every test:
# the real-browser test and the benchmark smoke run among them.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium' >/dev/null 2>&1; then
  echo "==> Installing Python selenium into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r Tests/Browser/requirements.txt
fi
export MINICRM_BROWSER_PYTHON="$PWD/$venv/bin/python"

# Schemathesis checks the live API against Public/openapi.json (SchemathesisTests), from its own venv.
st_venv=.build/schemathesis-venv
if [ ! -x "$st_venv/bin/st" ] || ! "$st_venv/bin/pip" freeze 2>/dev/null | grep -qxF -f Tests/Schemathesis/requirements.txt; then
  echo "==> Installing schemathesis into $st_venv"
  python3 -m venv "$st_venv"
  "$st_venv/bin/pip" install -q -r Tests/Schemathesis/requirements.txt
fi
export MINICRM_SCHEMATHESIS="$PWD/$st_venv/bin/st"

# shellcheck source=Support/postgres.sh
. Tests/Support/postgres.sh
start_test_postgres
export MINICRM_EXECUTABLE="$PWD/.build/debug/minicrm"

echo "==> swift build --build-tests"
swift build --build-tests
# The single-file build (README, "One file to run") is a second, release configuration: about
# 15 minutes from scratch on two cores, so only on request. StaticExecutableTests runs once it exists.
if [ "${MINICRM_STATIC:-}" = 1 ]; then
  echo "==> swift build -c release --static-swift-stdlib"
  swift build -c release --static-swift-stdlib --scratch-path .build-static --product minicrm
  export MINICRM_STATIC_EXECUTABLE="$PWD/.build-static/release/minicrm"
fi
echo "==> swift test"
swift test --skip-build --skip TimedUnderLoadTests "$@"
# Latency assertions need the machine to themselves: they run alone, once the rest is done.
echo "==> swift test --filter TimedUnderLoadTests"
swift test --skip-build --filter TimedUnderLoadTests

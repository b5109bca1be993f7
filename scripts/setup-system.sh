#!/usr/bin/env bash
# Installs the Debian packages the test suites need, when missing: SCRAM (the independent
# fault-tree tool the exact engine is checked against), Chromium (webview tests) and GNU time
# (peak memory of the hostile-input runs).
# Idempotent; needs root (CI runs as root). Used by .ci/run and `npm run setup`.
set -euo pipefail
need=()
command -v scram >/dev/null 2>&1 || need+=(scram)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# GNU time: the hostile-input tests read each run's peak memory with it.
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present: scram, chromium, time"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} — run as root: apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"

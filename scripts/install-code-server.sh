#!/usr/bin/env bash
# Installs what the host and e2e tests need: code-server (the real VS Code server) in its own
# npm prefix, kept out of the extension's dependencies, and the headless Chromium that drives it.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
PREFIX="$PWD/.code-server"
APT_PACKAGES=(build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep chromium)

installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $PREFIX"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it accepts a
# cached release tarball instead, and one holding Debian's rg at its root passes its checks.
ripgrep_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
ripgrep_tarball="$ripgrep_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$ripgrep_tarball" ]; then
  mkdir -p "$ripgrep_cache"
  tar -czf "$ripgrep_tarball" -C /usr/bin rg
fi

# Its own package.json keeps this install from climbing up to the extension's package.json.
mkdir -p "$PREFIX"
[ -f "$PREFIX/package.json" ] || echo '{ "private": true }' > "$PREFIX/package.json"
echo "npm: installing code-server@$CODE_SERVER_VERSION into $PREFIX"
(
  cd "$PREFIX"
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --save-exact --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
[ "$(installed_version)" = "$CODE_SERVER_VERSION" ] || { echo "code-server install failed" >&2; exit 1; }
echo "code-server $(installed_version) installed in $PREFIX"

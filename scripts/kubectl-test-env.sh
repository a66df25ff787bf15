#!/usr/bin/env bash
# Debian's kubectl (apt package kubernetes-client; 1.20 on bookworm) for the tests that cross-check
# the Kubernetes API fake (test/fakeKube) with a real client. Idempotent, and quick when kubectl is
# already there (no apt call). Writes the binary's path to $MLOPS_KUBECTL_DIR/env.json (default
# /tmp/mlops-kubectl; read by test/integration/fakeKube) and prints it.
#
# When another package already owns /usr/bin/kubectl (e.g. Google Cloud SDK's), dpkg would refuse
# to install kubernetes-client over it, so the .deb is unpacked into $MLOPS_KUBECTL_DIR instead of
# being installed system-wide. Installing needs root (apt-get); unpacking does not.
set -euo pipefail

dir="${MLOPS_KUBECTL_DIR:-/tmp/mlops-kubectl}"
mkdir -p "$dir"

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == *'install ok installed'* ]]
}

apt_ready() {
  # the package lists are fetched only when apt does not know the package yet
  # (captured first: grep -q closing the pipe early would fail the pipeline under pipefail)
  local policy
  policy="$(apt-cache policy kubernetes-client 2>/dev/null || true)"
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    echo "kubectl-test-env: apt-get update"
    apt-get update -qq
  fi
}

unpacked="$dir/root/usr/bin/kubectl"
if [ -x "$unpacked" ]; then
  kubectl_bin="$unpacked"
elif installed kubernetes-client; then
  kubectl_bin=/usr/bin/kubectl
elif [ ! -e /usr/bin/kubectl ] && [ "$(id -u)" = 0 ]; then
  echo "kubectl-test-env: installing kubernetes-client with apt"
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
  kubectl_bin=/usr/bin/kubectl
else
  owner="$(dpkg -S /usr/bin/kubectl 2>/dev/null | cut -d: -f1 || true)"
  echo "kubectl-test-env: unpacking kubernetes-client into $dir (/usr/bin/kubectl: ${owner:-absent or not ours})"
  apt_ready
  download="$dir/download"
  rm -rf "$download" && mkdir -p "$download"
  # apt's sandbox user cannot write to a folder only its owner can; apt verifies the download either way
  chmod 777 "$download"
  (cd "$download" && apt-get download -qq kubernetes-client)
  rm -rf "$dir/root.tmp"
  dpkg-deb -x "$download"/kubernetes-client_*.deb "$dir/root.tmp"
  rm -rf "$dir/root" "$download"
  mv "$dir/root.tmp" "$dir/root"
  kubectl_bin="$unpacked"
fi

if ! version="$("$kubectl_bin" version --client --short 2>/dev/null || "$kubectl_bin" version --client 2>&1)"; then
  echo "kubectl-test-env: $kubectl_bin does not run: $version" >&2
  exit 1
fi

printf '{\n  "MLOPS_KUBECTL": "%s"\n}\n' "$kubectl_bin" >"$dir/env.json.tmp"
mv "$dir/env.json.tmp" "$dir/env.json"
echo "kubectl-test-env: $version"
echo "MLOPS_KUBECTL=$kubectl_bin"

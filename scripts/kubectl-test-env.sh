#!/usr/bin/env bash
# Debian's kubectl (apt package kubernetes-client, kubectl 1.20) for the tests that cross-check the
# Kubernetes API fake (test/fakeKube) with a real client. Idempotent. Writes the binary's path to
# $MLOPS_KUBECTL_DIR/env.json (read by test/integration/fakeKube) and prints it.
#
# When another package already owns /usr/bin/kubectl (e.g. Google Cloud SDK's kubectl), dpkg
# would refuse to install kubernetes-client over it, so the .deb is unpacked into
# $MLOPS_KUBECTL_DIR instead of being installed system-wide.
set -euo pipefail

dir="${MLOPS_KUBECTL_DIR:-/tmp/mlops-kubectl}"
mkdir -p "$dir"

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

kubectl_bin=""
if installed kubernetes-client; then
  kubectl_bin=/usr/bin/kubectl
elif [ ! -e /usr/bin/kubectl ]; then
  echo "kubectl-test-env: apt: installing kubernetes-client"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
  kubectl_bin=/usr/bin/kubectl
else
  kubectl_bin="$dir/root/usr/bin/kubectl"
  if [ ! -x "$kubectl_bin" ]; then
    echo "kubectl-test-env: /usr/bin/kubectl belongs to $(dpkg -S /usr/bin/kubectl 2>/dev/null | cut -d: -f1 || echo 'no package'); unpacking kubernetes-client into $dir"
    if ! apt-cache policy kubernetes-client | grep -q 'Candidate: [0-9]'; then apt-get update -qq; fi
    download="$dir/download"
    rm -rf "$download" && mkdir -p "$download"
    # apt's sandbox user cannot write to a root-owned folder; the download is verified by apt either way.
    chmod 777 "$download"
    (cd "$download" && apt-get download -qq kubernetes-client)
    rm -rf "$dir/root"
    dpkg-deb -x "$download"/kubernetes-client_*.deb "$dir/root"
    rm -rf "$download"
  fi
fi

version="$("$kubectl_bin" version --client --short 2>/dev/null || "$kubectl_bin" version --client)"
case "$version" in
  *v1.20.*) ;;
  *) echo "kubectl-test-env: $kubectl_bin is not kubectl 1.20: $version" >&2; exit 1 ;;
esac

printf '{\n  "MLOPS_KUBECTL": "%s"\n}\n' "$kubectl_bin" >"$dir/env.json"
echo "kubectl-test-env: $version"
echo "MLOPS_KUBECTL=$kubectl_bin"

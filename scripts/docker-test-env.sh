#!/usr/bin/env bash
# The Docker test environment (integration tests and bench of src/core/build): a dockerd of our
# own, an open registry and one that requires a login, both on 127.0.0.1, and the local base
# images. Idempotent: whatever already runs or exists is kept. Prints the variables the tests
# need and writes them to $MLOPS_DOCKER_DIR/env.json (read by the tests) and env.sh.
#   bash scripts/docker-test-env.sh          set up (or check) everything
#   bash scripts/docker-test-env.sh --stop   stop the registries and dockerd (data is kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/docker/common.sh"
source "$here/docker/base-images.sh"

APT_PACKAGES=(docker.io docker-registry debootstrap busybox-static curl)

stop_pidfile() {
  local what="$1" pidfile="$2"
  if pid_alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    wait_until "$what to exit" 30 bash -c "! kill -0 $pid 2>/dev/null"
    echo "docker-test-env: stopped $what"
  fi
  rm -f "$pidfile"
}

stop_all() {
  stop_pidfile "registry" "$MLOPS_DOCKER_DIR/registry/registry.pid"
  stop_pidfile "auth registry" "$MLOPS_DOCKER_DIR/registry-auth/registry.pid"
  stop_pidfile "dockerd" "$MLOPS_DOCKER_DIR/dockerd.pid"
  # dockerd leaves its default network namespace mounted, which would block an rm -rf of the folder.
  umount "$MLOPS_DOCKER_DIR/exec/netns/default" 2>/dev/null || true
}

install_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "docker-test-env: apt: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

write_env() {
  local password
  password=$(cat "$MLOPS_DOCKER_DIR/registry-auth/password")
  cat >"$MLOPS_DOCKER_DIR/env.sh" <<ENV
export MLOPS_DOCKER_HOST=$DOCKER_HOST_URI
export MLOPS_TEST_REGISTRY=127.0.0.1:$MLOPS_REGISTRY_PORT
export MLOPS_TEST_AUTH_REGISTRY=127.0.0.1:$MLOPS_AUTH_REGISTRY_PORT
export MLOPS_TEST_AUTH_REGISTRY_USER=$MLOPS_AUTH_REGISTRY_USER
export MLOPS_TEST_AUTH_REGISTRY_PASSWORD=$password
export MLOPS_BASE_IMAGE=$PYTHON_BASE_IMAGE
export MLOPS_BUSYBOX_IMAGE=$BUSYBOX_BASE_IMAGE
ENV
  # env.sh holds only KEY=VALUE lines without quotes, so JSON is a straight translation.
  sed -e 's/^export //' "$MLOPS_DOCKER_DIR/env.sh" |
    awk -F= 'BEGIN { print "{" } { printf "%s  \"%s\": \"%s\"", (NR > 1 ? ",\n" : ""), $1, substr($0, length($1) + 2) } END { print "\n}" }' \
      >"$MLOPS_DOCKER_DIR/env.json"
  cat "$MLOPS_DOCKER_DIR/env.sh"
  echo "docker-test-env: written to $MLOPS_DOCKER_DIR/env.json and env.sh"
}

case "${1:-}" in
  --stop)
    stop_all
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: $0 [--stop]" >&2
    exit 2
    ;;
esac

started=$SECONDS
mkdir -p "$MLOPS_DOCKER_DIR"
timed "apt packages" install_packages
timed "dockerd" bash "$here/docker/start-dockerd.sh"
timed "registry" bash "$here/docker/start-registry.sh" registry "$MLOPS_REGISTRY_PORT"
timed "auth registry" bash "$here/docker/start-registry.sh" registry-auth "$MLOPS_AUTH_REGISTRY_PORT" --auth
ensure_image "$BUSYBOX_BASE_IMAGE" make_busybox_base
ensure_image "$PYTHON_BASE_IMAGE" make_python_base
# A container must start and see the host's network, as the tests run them.
timed "smoke container" docker_cli run --rm --network host "$PYTHON_BASE_IMAGE" python3 -c 'import ensurepip, venv, ssl'
write_env
echo "docker-test-env: ready in $((SECONDS - started))s"

# Shared by scripts/docker-test-env.sh and its helpers (sourced, not run).
# Every path lives under one folder so that a stop (or rm -rf) clears the whole environment.
MLOPS_DOCKER_DIR="${MLOPS_DOCKER_DIR:-/tmp/mlops-docker}"
MLOPS_DOCKER_CACHE="${MLOPS_DOCKER_CACHE:-$HOME/.cache/mlops-studio-docker}"
MLOPS_REGISTRY_PORT="${MLOPS_REGISTRY_PORT:-5114}"
MLOPS_AUTH_REGISTRY_PORT="${MLOPS_AUTH_REGISTRY_PORT:-5115}"
MLOPS_AUTH_REGISTRY_USER="${MLOPS_AUTH_REGISTRY_USER:-mlops-test}"
DOCKER_SOCK="$MLOPS_DOCKER_DIR/docker.sock"
DOCKER_HOST_URI="unix://$DOCKER_SOCK"
PYTHON_BASE_IMAGE="mlops-base/python:3.11"
BUSYBOX_BASE_IMAGE="mlops-base/busybox:1"
# Bumped whenever a base image's recipe changes, so that stale cached tarballs are not loaded.
BASE_RECIPE_VERSION=1

docker_cli() {
  docker -H "$DOCKER_HOST_URI" "$@"
}

engine_answers() {
  timeout 10 docker -H "$DOCKER_HOST_URI" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Polls `check` (a command) until it succeeds or `seconds` pass; `what` names it in the error.
wait_until() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "docker-test-env: $what did not come up within ${seconds}s" >&2
      return 1
    fi
    sleep 0.2
  done
}

pid_alive() {
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Runs a step and prints how long it took, so the setup cost stays visible in CI logs.
timed() {
  local label="$1"
  shift
  local started=$SECONDS
  "$@"
  echo "docker-test-env: $label: $((SECONDS - started))s"
}

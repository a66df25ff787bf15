#!/usr/bin/env bash
# Starts a Docker engine of our own (socket, data, exec root and pid file under
# $MLOPS_DOCKER_DIR) unless it already answers. overlay2 first; vfs (slow, but works on any
# file system) only when overlay2 cannot start.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if engine_answers; then
  echo "docker-test-env: dockerd already answers at $DOCKER_HOST_URI"
  exit 0
fi

mkdir -p "$MLOPS_DOCKER_DIR"
pidfile="$MLOPS_DOCKER_DIR/dockerd.pid"
if pid_alive "$pidfile"; then
  # Ours, but not answering (still starting, or wedged): give it a moment, then replace it.
  if wait_until "dockerd (already started)" 30 engine_answers; then exit 0; fi
  kill "$(cat "$pidfile")" 2>/dev/null || true
  wait_until "the old dockerd to exit" 30 bash -c "! kill -0 $(cat "$pidfile") 2>/dev/null"
fi
rm -f "$DOCKER_SOCK" "$pidfile"

start() {
  local driver="$1" log="$MLOPS_DOCKER_DIR/dockerd.log"
  echo "docker-test-env: starting dockerd (storage driver $driver), log in $log"
  # A separate exec root keeps our containerd apart from any other dockerd on the machine.
  setsid dockerd \
    --data-root "$MLOPS_DOCKER_DIR/data-$driver" \
    --exec-root "$MLOPS_DOCKER_DIR/exec" \
    --pidfile "$pidfile" \
    --host "$DOCKER_HOST_URI" \
    --storage-driver="$driver" \
    --iptables=false --ip-forward=false --bridge=none \
    >"$log" 2>&1 </dev/null &
  local pid=$!
  local deadline=$((SECONDS + 60))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "docker-test-env: dockerd ($driver) exited:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "docker-test-env: dockerd ($driver) did not answer within 60s" >&2
      kill "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

if ! start overlay2; then
  echo "docker-test-env: overlay2 failed; falling back to vfs (builds will be slower)" >&2
  rm -f "$DOCKER_SOCK" "$pidfile"
  start vfs
fi
echo "docker-test-env: dockerd $(docker_cli version --format '{{.Server.Version}}') answers at $DOCKER_HOST_URI"

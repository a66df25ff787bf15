#!/usr/bin/env bash
# Starts Debian's docker-registry (distribution 2.8) on 127.0.0.1:PORT with its storage under
# $MLOPS_DOCKER_DIR/NAME, unless it already answers. With --auth it requires a login
# (htpasswd, user $MLOPS_AUTH_REGISTRY_USER), so tests can see pushes denied and accepted.
# Usage: start-registry.sh NAME PORT [--auth]
set -euo pipefail
source "$(dirname "$0")/common.sh"

name="$1" port="$2" auth="${3:-}"
dir="$MLOPS_DOCKER_DIR/$name"
mkdir -p "$dir/data"

# /v2/ answers 200 on an open registry and 401 on one that wants a login: either means it is up.
registry_answers() {
  local code
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

if pid_alive "$dir/registry.pid" && registry_answers; then
  echo "docker-test-env: registry $name already answers at 127.0.0.1:$port"
  exit 0
fi
if registry_answers; then
  echo "docker-test-env: something else answers at 127.0.0.1:$port; set another port (MLOPS_REGISTRY_PORT / MLOPS_AUTH_REGISTRY_PORT)" >&2
  exit 1
fi

auth_config=""
if [ "$auth" = "--auth" ]; then
  if [ ! -s "$dir/password" ]; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/password"
  fi
  # distribution accepts bcrypt only; Debian's python3 has it through crypt(3).
  /usr/bin/python3 -W ignore -c '
import crypt, sys
print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)))
' "$MLOPS_AUTH_REGISTRY_USER" "$(cat "$dir/password")" >"$dir/htpasswd"
  auth_config="auth:
  htpasswd:
    realm: mlops-studio-test
    path: $dir/htpasswd"
fi

cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth_config
YAML

setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
echo $! >"$dir/registry.pid"
wait_until "registry $name on 127.0.0.1:$port" 30 registry_answers
echo "docker-test-env: registry $name answers at 127.0.0.1:$port"

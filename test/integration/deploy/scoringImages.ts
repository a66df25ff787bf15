import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';

/** How a test scoring server behaves: busybox `nc` answering like MLflow's scoring server. */
export interface ScoringBehaviour {
  /** what `GET /ping` answers, so a test knows which revision serves */
  version: string;
  mode?: 'healthy' | 'unhealthy' | 'crash';
  /** the model the image says it serves (the builder's image labels) */
  model?: { name: string; version: string };
  /** exit at start when listening on this port: passes its trial, fails after the switch */
  failOnPort?: number;
}

// One exchange on stdin/stdout (nc -e). Requests are logged to stderr, so tests can follow them.
const HANDLER = `#!/bin/sh
read -r method target protocol
echo "$method $target" >&2
length=0
while read -r header; do
  header=$(printf '%s' "$header" | tr -d '\\r')
  [ -z "$header" ] && break
  case "$header" in
    [Cc]ontent-[Ll]ength:*) length=$(printf '%s' "\${header#*:}" | tr -d ' ') ;;
  esac
done
body=''
[ "$length" -gt 0 ] && body=$(head -c "$length")
respond() {
  printf 'HTTP/1.1 %s\\r\\nContent-Type: %s\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s' "$1" "$2" "\${#3}" "$3"
}
case "$method $target" in
  "GET /ping") respond "$PING_STATUS" text/plain "$VERSION" ;;
  "POST /invocations") respond '200 OK' application/json "{\\"version\\":\\"$VERSION\\",\\"input\\":$body}" ;;
  *) respond '404 Not Found' text/plain "no $target" ;;
esac
`;

const START = `#!/bin/sh
PORT=\${PORT:-8080}
echo "scoring server $VERSION starting on port $PORT"
if [ "$MODE" = crash ]; then
  echo "Traceback (most recent call last):" >&2
  echo "RuntimeError: model file /opt/ml/model/MLmodel is missing" >&2
  exit 3
fi
if [ -n "$FAIL_ON_PORT" ] && [ "$PORT" = "$FAIL_ON_PORT" ]; then
  echo "ERROR: cannot serve on port $PORT" >&2
  exit 4
fi
if [ "$MODE" = unhealthy ]; then
  echo "loading model from /opt/ml/model"
  echo "ERROR: model failed to load: boom" >&2
fi
# A shell as PID 1 ignores SIGTERM unless it traps it; a real server stops on it.
nc -ll -p "$PORT" -e /serve/handler &
server=$!
trap 'kill $server; exit 0' TERM INT
wait $server
`;

/** Builds (once per behaviour; cached by a tag naming its recipe) a small scoring image; returns its tag. */
export async function scoringImage(docker: Docker, busyboxImage: string, behaviour: ScoringBehaviour): Promise<string> {
  const mode = behaviour.mode ?? 'healthy';
  const lines = [
    `FROM ${busyboxImage}`,
    'COPY handler start /serve/',
    `ENV VERSION=${behaviour.version} MODE=${mode} PING_STATUS="${mode === 'unhealthy' ? '503 Service Unavailable' : '200 OK'}" FAIL_ON_PORT=${behaviour.failOnPort ?? ''}`,
    'EXPOSE 8080',
    'CMD ["/serve/start"]',
  ];
  if (behaviour.model) lines.push(`LABEL org.mlops-studio.model.name="${behaviour.model.name}" org.mlops-studio.model.version="${behaviour.model.version}"`);
  const dockerfile = lines.join('\n') + '\n';
  const recipe = createHash('sha256').update(dockerfile).update(HANDLER).update(START).digest('hex').slice(0, 12);
  const tag = `mlops-deploy-test/scoring:${behaviour.version}-${mode}-${recipe}`;
  try {
    await docker.getImage(tag).inspect();
    return tag;
  } catch {
    // not built yet
  }
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, dockerfile);
  pack.entry({ name: 'handler', mode: 0o755 }, HANDLER);
  pack.entry({ name: 'start', mode: 0o755 }, START);
  pack.finalize();
  const stream = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: tag, networkmode: 'none' });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((event) => event.error);
      if (error || failed) reject(error ?? new Error(`building ${tag} failed: ${failed?.error}`));
      else resolve();
    }),
  );
  return tag;
}

/** Removes every container the tests' deployments left on the engine (they are named with `prefix`). */
export async function removeTestDeployments(docker: Docker, prefix: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: ['org.mlops-studio.deployment'] } });
  for (const info of containers) {
    if ((info.Labels['org.mlops-studio.deployment'] ?? '').startsWith(prefix)) await docker.getContainer(info.Id).remove({ force: true });
  }
}

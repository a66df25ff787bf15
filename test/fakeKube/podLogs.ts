import type * as http from 'node:http';
import { badRequest } from './apiErrors';
import type { Pod } from './kubeTypes';
import type { ObjectStore } from './objectStore';

// GET /api/v1/namespaces/<ns>/pods/<name>/log: what the containers wrote (the test writes it with
// appendLog), plain text, with the kubelet's parameters (container, tailLines, limitBytes,
// sinceSeconds, timestamps, follow, previous) and its refusals for containers that never started
// (pkg/kubelet/kubelet_pods.go validateContainerLogStatus).

interface LogLine {
  at: number;
  text: string;
}

interface Follower {
  key: string;
  write: (line: LogLine) => void;
  end: () => void;
}

function nanoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export class PodLogs {
  private logs = new Map<string, LogLine[]>();
  private followers = new Set<Follower>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
  ) {}

  append(namespace: string, pod: string, container: string, text: string): void {
    const key = `${namespace}/${pod}/${container}`;
    const lines = this.logs.get(key) ?? [];
    this.logs.set(key, lines);
    for (const part of text.replace(/\n$/, '').split('\n')) {
      const line = { at: this.now(), text: part };
      lines.push(line);
      for (const follower of this.followers) if (follower.key === key) follower.write(line);
    }
  }

  /** The container a log request is for, or the kubelet's 400 explaining why there is none. */
  private containerFor(pod: Pod, query: URLSearchParams): string {
    const names = pod.spec.containers.map((c) => c.name);
    const asked = query.get('container');
    if (!asked && names.length > 1) throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
    const name = asked ?? names[0];
    if (!names.includes(name)) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
    if (query.get('previous') === 'true') throw badRequest(`previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
    const waiting = pod.status?.containerStatuses?.find((s) => s.name === name)?.state.waiting;
    if (waiting || !pod.status?.containerStatuses) {
      const why = waiting?.reason === 'ErrImagePull' || waiting?.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : (waiting?.reason ?? 'ContainerCreating');
      throw badRequest(`container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${why}`);
    }
    return name;
  }

  serve(pod: Pod, query: URLSearchParams, res: http.ServerResponse): void {
    const container = this.containerFor(pod, query);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}/${container}`;
    const timestamps = query.get('timestamps') === 'true';
    const format = (line: LogLine) => `${timestamps ? `${nanoTimestamp(line.at)} ` : ''}${line.text}\n`;
    let lines = this.logs.get(key) ?? [];
    const since = Number(query.get('sinceSeconds'));
    if (since > 0) lines = lines.filter((l) => l.at >= this.now() - since * 1000);
    const tail = query.get('tailLines');
    if (tail !== null && Number(tail) >= 0) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
    let body = lines.map(format).join('');
    const limit = Number(query.get('limitBytes'));
    if (limit > 0) body = Buffer.from(body).subarray(0, limit).toString();
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    if (query.get('follow') !== 'true') {
      res.end(body);
      return;
    }
    res.write(body);
    const follower: Follower = {
      key,
      write: (line) => res.write(format(line)),
      end: () => {
        if (!this.followers.delete(follower)) return;
        unsubscribe();
        res.end();
      },
    };
    // a followed log ends when its pod goes away
    const unsubscribe = this.store.subscribe((event) => {
      if (event.type === 'DELETED' && event.object.metadata.uid === pod.metadata.uid) follower.end();
    });
    this.followers.add(follower);
    res.on('close', () => follower.end());
  }

  endAll(): void {
    for (const follower of [...this.followers]) follower.end();
  }
}

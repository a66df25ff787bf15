import { randomBytes } from 'node:crypto';
import type { ControllerContext } from './controllerContext';
import type { PullResult, RegistryCredentials } from './imageRegistry';
import type { Condition, Container, ContainerStatus, Pod } from './kubeTypes';
import { formatTime } from './kubeTypes';
import { updateAs } from './objectUpdates';
import { resourceByKind } from './resources';
import { semanticEqual } from './semantic';

// A scheduler and a kubelet in one: pods are bound to the one node at once, then each container's
// image is pulled. A pullable image starts the container; it turns ready after its readiness
// probe's initialDelaySeconds (or the fake's default delay). An image that cannot be pulled leaves
// the container waiting with ErrImagePull, then ImagePullBackOff while the kubelet backs off
// (10 s doubling to 300 s, pkg/kubelet/images: backOffPeriod/MaxContainerBackOff) and tries again,
// so an image pushed later is still picked up. Events and messages use the kubelet's wording.

interface ContainerRuntime {
  phase: 'pulling' | 'failed' | 'running';
  attempts: number;
  nextPullAt: number;
  failedAt?: number;
  message?: string;
  backOffReported?: boolean;
  pending?: boolean;
  result?: PullResult;
  startedAt?: number;
  readyAt?: number;
  imageID?: string;
  containerID?: string;
}

const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
/** the kubelet's next pod sync after a failed pull reports the back-off */
const BACKOFF_REPORT_MS = 1_000;

const pods = () => resourceByKind('Pod');

export class Kubelet {
  private runtimes = new Map<string, Map<string, ContainerRuntime>>();
  private nextIp = 10;
  private podIps = new Map<string, string>();

  constructor(private readonly ctx: ControllerContext) {}

  reconcile(): void {
    const live = new Set<string>();
    for (const pod of this.ctx.store.list(pods()) as Pod[]) {
      live.add(pod.metadata.uid);
      if (!pod.metadata.deletionTimestamp) this.syncPod(pod);
    }
    for (const uid of [...this.runtimes.keys()]) if (!live.has(uid)) this.runtimes.delete(uid);
  }

  private syncPod(pod: Pod): void {
    const now = this.ctx.now();
    if (!pod.spec.nodeName) {
      pod.spec.nodeName = this.ctx.nodeName;
      pod = updateAs(this.ctx.store, pods(), pod, 'resource') as Pod;
      this.ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${this.ctx.nodeName}`, { component: 'default-scheduler' });
    }
    let runtimes = this.runtimes.get(pod.metadata.uid);
    if (!runtimes) {
      runtimes = new Map(pod.spec.containers.map((c) => [c.name, { phase: 'pulling', attempts: 0, nextPullAt: now }]));
      this.runtimes.set(pod.metadata.uid, runtimes);
    }
    const statuses = pod.spec.containers.map((c) => this.syncContainer(pod, c, runtimes.get(c.name)!, now));
    this.writeStatus(pod, statuses, runtimes, now);
  }

  private syncContainer(pod: Pod, container: Container, rt: ContainerRuntime, now: number): ContainerStatus {
    const fieldPath = `spec.containers{${container.name}}`;
    const event = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      this.ctx.events.record(pod, type, reason, message, { component: 'kubelet', host: this.ctx.nodeName }, fieldPath);
    if (rt.phase !== 'running' && now >= rt.nextPullAt && !rt.pending) {
      if (!rt.result) {
        if (rt.attempts === 0 || rt.phase === 'failed') event('Normal', 'Pulling', `Pulling image "${container.image}"`);
        const answer = this.ctx.registry.pull(container.image, this.pullCredentials(pod));
        if (answer instanceof Promise) {
          rt.pending = true;
          void answer.then((result) => {
            rt.pending = false;
            rt.result = result;
            this.ctx.wakeNow();
          });
        } else rt.result = answer;
      }
      if (rt.result) {
        const result = rt.result;
        rt.result = undefined;
        rt.attempts++;
        if (result.ok) {
          event('Normal', 'Pulled', `Successfully pulled image "${container.image}" in 0s (0s including waiting)`);
          event('Normal', 'Created', `Created container ${container.name}`);
          event('Normal', 'Started', `Started container ${container.name}`);
          const delaySeconds = container.readinessProbe?.initialDelaySeconds;
          rt.phase = 'running';
          rt.startedAt = now;
          rt.readyAt = now + (container.readinessProbe ? (delaySeconds ?? 0) * 1000 : this.ctx.podReadyDelayMs);
          rt.imageID = result.digest ? `${container.image.split('@')[0].replace(/:[^:/]*$/, '')}@${result.digest}` : `fake://${container.image}`;
          rt.containerID = `containerd://${randomBytes(32).toString('hex')}`;
        } else {
          event('Warning', 'Failed', `Failed to pull image "${container.image}": ${result.message}`);
          event('Warning', 'Failed', 'Error: ErrImagePull');
          rt.phase = 'failed';
          rt.failedAt = now;
          rt.message = result.message;
          rt.backOffReported = false;
          rt.nextPullAt = now + Math.min(BACKOFF_START_MS * 2 ** (rt.attempts - 1), BACKOFF_MAX_MS);
        }
      }
    }
    if (rt.phase === 'failed' && !rt.backOffReported && now >= rt.failedAt! + BACKOFF_REPORT_MS) {
      rt.backOffReported = true;
      event('Normal', 'BackOff', `Back-off pulling image "${container.image}"`);
      event('Warning', 'Failed', 'Error: ImagePullBackOff');
    }
    // while a registry look-up is pending, its answer wakes the controllers (wakeNow)
    if (rt.phase === 'failed' && !rt.pending) this.ctx.wakeAt(rt.backOffReported ? rt.nextPullAt : rt.failedAt! + BACKOFF_REPORT_MS);
    if (rt.phase === 'running' && now < rt.readyAt!) this.ctx.wakeAt(rt.readyAt!);
    return this.containerStatus(container, rt, now);
  }

  /**
   * The Basic credentials of the pod's imagePullSecrets by registry host (.dockerconfigjson
   * `auths`, with `auth` = base64(user:password) or username/password); a secret that cannot be
   * read is reported as the kubelet reports it, and the pull goes on without it.
   */
  private pullCredentials(pod: Pod): RegistryCredentials {
    const out: RegistryCredentials = new Map();
    const missing: string[] = [];
    for (const ref of (pod.spec.imagePullSecrets as { name?: string }[] | undefined) ?? []) {
      const secret = ref.name ? this.ctx.store.get(resourceByKind('Secret'), pod.metadata.namespace ?? 'default', ref.name) : undefined;
      const raw = (secret?.data as Record<string, string> | undefined)?.['.dockerconfigjson'];
      if (!secret || secret.type !== 'kubernetes.io/dockerconfigjson' || !raw) {
        missing.push(ref.name ?? '');
        continue;
      }
      try {
        const auths = (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { auths?: Record<string, { username?: string; password?: string; auth?: string }> }).auths ?? {};
        for (const [server, entry] of Object.entries(auths)) {
          const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
          const [user, ...rest] = entry.auth ? Buffer.from(entry.auth, 'base64').toString('utf8').split(':') : [entry.username ?? '', entry.password ?? ''];
          if (!out.has(host)) out.set(host, { username: user, password: entry.auth ? rest.join(':') : (entry.password ?? '') });
        }
      } catch {
        missing.push(ref.name ?? '');
      }
    }
    if (missing.length > 0) {
      this.ctx.events.record(pod, 'Warning', 'FailedToRetrieveImagePullSecret',
        `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`, { component: 'kubelet', host: this.ctx.nodeName });
    }
    return out;
  }

  private containerStatus(container: Container, rt: ContainerRuntime, now: number): ContainerStatus {
    const base = { name: container.name, image: container.image, imageID: rt.imageID ?? '', restartCount: 0, lastState: {} };
    if (rt.phase === 'running') {
      const ready = now >= rt.readyAt!;
      return { ...base, containerID: rt.containerID, ready, started: true, state: { running: { startedAt: formatTime(rt.startedAt!) } } };
    }
    if (rt.phase === 'failed') {
      const backOff = rt.backOffReported;
      return {
        ...base, ready: false, started: false,
        state: { waiting: backOff ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"` } : { reason: 'ErrImagePull', message: rt.message } },
      };
    }
    return { ...base, ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
  }

  private writeStatus(pod: Pod, statuses: ContainerStatus[], runtimes: Map<string, ContainerRuntime>, now: number): void {
    const all = [...runtimes.values()];
    const running = all.every((rt) => rt.phase === 'running');
    const ready = running && statuses.every((s) => s.ready);
    const readyAt = ready ? Math.max(...all.map((rt) => rt.readyAt!)) : undefined;
    const created = pod.metadata.creationTimestamp;
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name).join(' ');
    const condition = (type: string, ok: boolean, since: string, reason?: string): Condition => ({
      type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: since,
      ...(ok || !reason ? {} : { reason, message: `containers with unready status: [${unready}]` }),
    });
    const previous = pod.status?.conditions ?? [];
    const keepTime = (c: Condition) => {
      const before = previous.find((p) => p.type === c.type);
      return before && before.status === c.status ? { ...c, lastTransitionTime: before.lastTransitionTime } : c;
    };
    const readyTime = readyAt !== undefined ? formatTime(readyAt) : formatTime(now);
    const podIp = running ? this.ipFor(pod.metadata.uid) : undefined;
    const status: Pod['status'] = {
      phase: running ? 'Running' : 'Pending',
      conditions: [
        condition('Initialized', true, created),
        keepTime(condition('Ready', ready, readyTime, 'ContainersNotReady')),
        keepTime(condition('ContainersReady', ready, readyTime, 'ContainersNotReady')),
        condition('PodScheduled', true, created),
      ],
      hostIP: '10.0.0.1',
      ...(podIp ? { podIP: podIp, podIPs: [{ ip: podIp }] } : {}),
      startTime: created,
      containerStatuses: statuses,
      qosClass: 'BestEffort',
    };
    if (!semanticEqual(pod.status, status)) updateAs(this.ctx.store, pods(), { ...pod, status }, 'status');
  }

  private ipFor(uid: string): string {
    let ip = this.podIps.get(uid);
    if (!ip) {
      ip = `10.244.${Math.floor(this.nextIp / 250)}.${(this.nextIp % 250) + 2}`;
      this.nextIp++;
      this.podIps.set(uid, ip);
    }
    return ip;
  }
}

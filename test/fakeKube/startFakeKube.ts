import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiServer, type RequestRecord } from './apiServer';
import { FakeClock, type ClockMode } from './clock';
import { ConcurrentWriter } from './concurrentWriter';
import { seededSuffixes, type ControllerContext } from './controllerContext';
import { ControllerManager } from './controllerManager';
import { applyDefaults } from './defaults';
import { EventRecorder } from './eventRecorder';
import { ImageRegistry } from './imageRegistry';
import { CONTEXT_NAME, makeSelfSignedCertificate, writeKubeconfig } from './kubeconfig';
import type { Pod } from './kubeTypes';
import { ObjectStore } from './objectStore';
import { PodLogs } from './podLogs';
import { PortForwarder } from './portForward';
import { resourceByKind } from './resources';
import { WatchHub } from './watchHub';

export type { RequestRecord } from './apiServer';

export interface FakeKubeOptions {
  /** images the kubelet can pull, e.g. `registry.local/model:1` or `name@sha256:...` */
  images?: string[];
  /** 'manual' (default): time passes only through advance(); 'real': with the wall clock, and advance() skips ahead */
  clock?: ClockMode;
  /** where the manual clock starts (epoch ms); default now */
  startTime?: number;
  /**
   * https with a self-signed certificate the kubeconfig trusts; default http with
   * insecure-skip-tls-verify. kubectl (client-go) sends its bearer token over TLS only: use tls with kubectl.
   */
  tls?: boolean;
  /** a registry (http://host:port) asked over /v2/<name>/manifests/<ref> about the images it hosts */
  registryUrl?: string;
  /** more such registries, e.g. one that needs a login (pods then need an image pull secret for it) */
  registryUrls?: string[];
  /** how long a started container without a readinessProbe takes to turn ready; default 1000 ms */
  podReadyDelayMs?: number;
  /** changes kept per resource that watches can resume from (the watch cache); default 1000 */
  watchHistory?: number;
  /** seed of generated pod names; default 1 */
  seed?: number;
}

export interface FakeKube {
  /** https://127.0.0.1:PORT or http://127.0.0.1:PORT */
  url: string;
  kubeconfigPath: string;
  contextName: string;
  namespace: 'default';
  token: string;
  /** PEM of the server certificate when tls is on */
  caCert?: string;
  clock: { readonly mode: ClockMode; now(): number; nextTimerAt(): number | undefined };
  /** moves the clock forward; controllers act at each instant something falls due on the way */
  advance(ms: number): Promise<void>;
  /** runs the controllers now (after changing something outside the API, e.g. an image) */
  tick(): Promise<void>;
  /** makes an image pullable (or not); pods waiting for it pick it up at their next pull attempt */
  setImageAvailable(ref: string, available?: boolean): void;
  /** ends every open watch now, as a server restart would; clients must re-watch */
  expireWatches(): void;
  /** forgets the change history: resuming a watch from an older resourceVersion gets 410 Expired */
  compactHistory(): void;
  openWatches(): number;
  /**
   * Another writer changes the object (a label) right after each of the next `times` (default 1)
   * GETs of it, so an update carrying the resourceVersion that GET returned fails with 409 Conflict.
   * `kind` is e.g. 'Deployment'.
   */
  writeAfterNextGet(kind: string, name: string, options?: { namespace?: string; times?: number }): void;
  /** how many writes writeAfterNextGet has made so far */
  concurrentWrites(): number;
  /** the requests served so far (the last 10000), oldest first: method, path, query and status code */
  requests(): readonly RequestRecord[];
  /**
   * Port-forwards (pods/portforward, WebSocket v4.channel.k8s.io, as client-node's PortForward
   * speaks it) to `containerPort` of a pod running `image` reach `target`, e.g. a local HTTP
   * server standing in for the model server. Unrouted ports are refused as a closed port is.
   */
  routePodPort(image: string, containerPort: number, target: { host: string; port: number }): void;
  /** open port-forward connections */
  openPortForwards(): number;
  /** what a pod's container writes to its log; a container name is needed for multi-container pods */
  appendLog(pod: string, text: string, options?: { container?: string; namespace?: string }): void;
  stop(): Promise<void>;
}

/** Starts a Kubernetes API server fake with a deployment controller, a replica set controller and a kubelet. */
export async function startFakeKube(options: FakeKubeOptions = {}): Promise<FakeKube> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-fakekube-'));
  const clock = new FakeClock(options.clock ?? 'manual', options.startTime);
  const now = () => clock.now();
  const store = new ObjectStore(now, options.watchHistory ?? 1000);
  const events = new EventRecorder(store, now);
  const registry = new ImageRegistry(options.images ?? [], [...(options.registryUrl ? [options.registryUrl] : []), ...(options.registryUrls ?? [])]);
  const randomSuffix = seededSuffixes(options.seed ?? 1);
  const manager = new ControllerManager(store, clock, (m): ControllerContext => ({
    store, events, registry, now, randomSuffix,
    wakeAt: (ms) => m.wakeAt(ms),
    wakeNow: () => setImmediate(() => m.reconcile()),
    podReadyDelayMs: options.podReadyDelayMs ?? 1000,
    nodeName: 'fake-node',
  }));
  clock.settle = async () => {
    await registry.idle();
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (const name of ['default', 'kube-system', 'kube-public']) {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: '', resourceVersion: '', creationTimestamp: '' } };
    applyDefaults(namespace);
    store.create(resourceByKind('Namespace'), namespace);
  }
  const watches = new WatchHub(store, clock);
  const logs = new PodLogs(store, now);
  let nextClusterIp = 10;
  const token = randomBytes(16).toString('hex');
  const tls = options.tls ? await makeSelfSignedCertificate(dir) : undefined;
  const concurrentWriter = new ConcurrentWriter(store);
  const portForwarder = new PortForwarder();
  const server = new ApiServer({
    store, clock, watches, logs, randomSuffix, concurrentWriter, portForwarder,
    afterWrite: () => manager.reconcile(),
    allocateClusterIp: () => `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp++ % 250) + 1}`,
  }, { token, tls });
  const url = await server.listen();
  const kubeconfigPath = writeKubeconfig(dir, { server: url, token, namespace: 'default', caCert: tls?.cert });

  return {
    url, kubeconfigPath, token,
    contextName: CONTEXT_NAME,
    namespace: 'default',
    caCert: tls?.cert,
    clock,
    advance: (ms) => clock.advance(ms),
    tick: async () => {
      manager.reconcile();
      await clock.settle();
    },
    setImageAvailable: (ref, available = true) => registry.setAvailable(ref, available),
    expireWatches: () => watches.expireAll(),
    compactHistory: () => store.compact(),
    openWatches: () => watches.openCount,
    writeAfterNextGet: (kind, name, opts = {}) => {
      resourceByKind(kind);
      concurrentWriter.arm(kind, opts.namespace ?? 'default', name, opts.times ?? 1);
    },
    concurrentWrites: () => concurrentWriter.writes,
    requests: () => server.requests,
    routePodPort: (image, containerPort, target) => portForwarder.route(image, containerPort, target),
    openPortForwards: () => portForwarder.openCount,
    appendLog: (pod, text, opts = {}) => {
      const namespace = opts.namespace ?? 'default';
      const stored = store.mustGet(resourceByKind('Pod'), namespace, pod) as Pod;
      logs.append(namespace, pod, opts.container ?? stored.spec.containers[0].name, text);
    },
    stop: async () => {
      manager.stop();
      clock.stop();
      watches.expireAll();
      logs.endAll();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

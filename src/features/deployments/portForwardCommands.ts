import * as vscode from 'vscode';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { type PodPortForward, openPortForward } from '../../core/deploy/kubernetes/podPortForward';
import { probePort } from '../../core/deploy/localPorts';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { Logger } from '../../vscode/logger';
import { UserError } from '../../vscode/userError';
import { chooseDeployment, withCancellableProgress } from './deploymentArgs';
import type { DeploymentTargets } from './deploymentTargets';

/** An open forward as the commands return it (for tests and other commands). */
export interface OpenForward {
  name: string;
  location: string;
  localPort: number;
  pod: string;
}

interface Entry extends OpenForward {
  forward: PodPortForward;
  item: vscode.StatusBarItem;
  stop: AbortController;
}

/**
 * Port-Forward Service...: `kubectl port-forward svc/NAME LOCAL:PORT` kept open in the
 * background, shown in the status bar until stopped or the extension deactivates. It changes
 * nothing on the cluster (kubectl asks no confirmation), but it opens a local port, so it is
 * offered in trusted workspaces only.
 */
export function registerPortForwardCommands(services: {
  commands: CommandRegistry;
  logger: Logger;
  targets: DeploymentTargets;
  subscriptions: vscode.Disposable[];
}): void {
  const { commands, logger, targets } = services;
  const open = new Map<number, Entry>();
  const stop = async (entry: Entry) => {
    open.delete(entry.localPort);
    entry.item.dispose();
    entry.stop.abort();
    await entry.forward.close();
    logger.info(`Port-forward of '${entry.name}' (${entry.location}) on 127.0.0.1:${entry.localPort} stopped`);
  };
  services.subscriptions.push({ dispose: () => [...open.values()].forEach((entry) => void stop(entry)) });

  commands.register('mlops.deployments.portForward', async (context, given, localPortArg): Promise<OpenForward | undefined> => {
    if (!vscode.workspace.isTrusted) throw new UserError('Port-forwarding opens a local port: trust this workspace first.');
    if (localPortArg !== undefined && !isPort(localPortArg)) throw new UserError('Port-Forward Service takes its local port as a number from 0 (any free port) to 65535.');
    const chosen = await chooseDeployment(given, targets, context.signal, 'port-forward');
    if (!chosen) return undefined;
    const { target, deployment } = chosen;
    if (!(target instanceof KubernetesTarget)) {
      throw new UserError(`'${deployment.name}' runs on the Docker engine, which already publishes it on a local port${deployment.current ? ` (:${deployment.current.port})` : ''}: port-forwarding is for cluster deployments.`);
    }
    const servicePort = deployment.current?.port;
    const localPort = (localPortArg as number | undefined) ?? (await askLocalPort(deployment.name, servicePort));
    if (localPort === undefined) return undefined;
    const stopper = new AbortController();
    let warned = false;
    // kubectl exits when the pod goes away; this forward stays until stopped, so say it once
    const warnOnce = (error: Error) => {
      logger.warn(`Port-forward of '${deployment.name}': ${error.message}`);
      if (warned) return;
      warned = true;
      void vscode.window.showWarningMessage(`${error.message} Stop the port-forward and start it again to reach another pod.`, 'Stop').then(async (choice) => {
        const entry = [...open.values()].find((e) => e.stop === stopper);
        if (choice === 'Stop' && entry) await stop(entry);
      });
    };
    const forward = await withCancellableProgress(`Port-forwarding '${deployment.name}' (${target.location})`, (signal) => {
      const cancel = () => stopper.abort();
      signal.addEventListener('abort', cancel, { once: true });
      return openPortForward(target.access, deployment.name, { localPort, servicePort, signal: stopper.signal, onConnectionError: warnOnce }).finally(() => signal.removeEventListener('abort', cancel));
    });
    const item = vscode.window.createStatusBarItem(`mlops.portForward.${forward.localPort}`, vscode.StatusBarAlignment.Left, 9);
    item.name = 'MLOps Port-Forward';
    item.text = `$(plug) ${deployment.name} → 127.0.0.1:${forward.localPort}`;
    item.tooltip = `Forwarding 127.0.0.1:${forward.localPort} to port ${forward.containerPort} of pod ${forward.pod} (${target.location}). Click to stop.`;
    item.command = { title: 'Stop Port-Forward', command: 'mlops.deployments.stopPortForward', arguments: [forward.localPort] };
    item.show();
    const entry: Entry = { name: deployment.name, location: target.location, localPort: forward.localPort, pod: forward.pod, forward, item, stop: stopper };
    open.set(forward.localPort, entry);
    const said = `Forwarding 127.0.0.1:${forward.localPort} → pod ${forward.pod} port ${forward.containerPort} ('${deployment.name}', ${target.location}).`;
    logger.info(said);
    void vscode.window.showInformationMessage(said, 'Open /ping', 'Stop').then(async (choice) => {
      if (choice === 'Open /ping') await vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${forward.localPort}/ping`));
      else if (choice === 'Stop' && open.get(forward.localPort) === entry) await stop(entry);
    });
    return { name: entry.name, location: entry.location, localPort: entry.localPort, pod: entry.pod };
  });

  commands.register('mlops.deployments.stopPortForward', async (_context, portArg): Promise<OpenForward | undefined> => {
    const entry = typeof portArg === 'number' ? open.get(portArg) : await pickForward([...open.values()]);
    if (!entry) {
      if (typeof portArg === 'number') throw new UserError(`No port-forward listens on 127.0.0.1:${portArg}.`);
      return undefined;
    }
    await stop(entry);
    return { name: entry.name, location: entry.location, localPort: entry.localPort, pod: entry.pod };
  });
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** The service port when it is free here (kubectl's `svc/NAME PORT` form listens on the same number), else any. */
async function askLocalPort(name: string, servicePort: number | undefined): Promise<number | undefined> {
  const free = servicePort !== undefined && (await probePort(servicePort)) === 'free';
  const typed = await vscode.window.showInputBox({
    title: `Port-forward '${name}'${servicePort ? ` (service port ${servicePort})` : ''}: local port on 127.0.0.1`,
    prompt: `0 for any free port${servicePort !== undefined && !free ? `; ${servicePort} is in use here` : ''}`,
    value: String(free ? servicePort : 0),
    ignoreFocusOut: true,
    validateInput: (value) => (isPort(Number(value.trim())) && value.trim() !== '' ? undefined : 'A port number from 0 (any free port) to 65535'),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

async function pickForward(entries: Entry[]): Promise<Entry | undefined> {
  if (entries.length === 0) throw new UserError('No port-forward is open.');
  if (entries.length === 1) return entries[0];
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: `127.0.0.1:${entry.localPort}`, description: `${entry.name} · pod ${entry.pod} · ${entry.location}`, entry })),
    { title: 'Which port-forward to stop?' },
  );
  return picked?.entry;
}

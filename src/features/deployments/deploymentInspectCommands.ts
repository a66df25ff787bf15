import * as vscode from 'vscode';
import type { InvocationResult } from '../../core/deploy/deploymentTarget';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { Logger } from '../../vscode/logger';
import { UserError } from '../../vscode/userError';
import { chooseDeployment, revisionNodeOf, withCancellableProgress } from './deploymentArgs';
import { DeploymentLogTerminal } from './deploymentLogTerminal';
import type { DeploymentTargets } from './deploymentTargets';
import type { DeploymentsNode } from './deploymentsNodes';

const INVOKE_TIMEOUT_MS = 60_000;
const BODY_KEY = 'mlops.deployments.lastRequestBody:';
// MLflow's scoring protocol accepts this shape for any pyfunc model with a tensor or column input.
const EXAMPLE_BODY = '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}';

/** Follow a deployment's log and try a request on it: they read, they change nothing. */
export function registerDeploymentInspectCommands(services: {
  commands: CommandRegistry;
  logger: Logger;
  targets: DeploymentTargets;
  state: vscode.Memento;
  subscriptions: vscode.Disposable[];
}): void {
  const { commands, logger, targets, state } = services;
  const terminals = new Set<DeploymentLogTerminal>();
  const responses = new ResponseDocuments();
  services.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(ResponseDocuments.scheme, responses));
  services.subscriptions.push(
    { dispose: () => terminals.forEach((t) => t.dispose()) },
    vscode.window.onDidCloseTerminal((closed) => {
      for (const t of terminals) {
        if (t.terminal !== closed) continue;
        terminals.delete(t);
        t.dispose();
      }
    }),
  );

  commands.register('mlops.deployments.followLogs', async (context, given): Promise<DeploymentLogTerminal | undefined> => {
    const podNode = given as DeploymentsNode | undefined;
    if (podNode?.kind === 'pod') {
      const follower = new DeploymentLogTerminal(podNode.target, podNode.deployment.name, undefined, podNode.pod.name);
      terminals.add(follower);
      follower.terminal.show(true);
      return follower;
    }
    const chosen = await chooseDeployment(given, targets, context.signal, 'follow the log of');
    if (!chosen) return undefined;
    const revision = revisionNodeOf(given)?.revision.revision;
    const follower = new DeploymentLogTerminal(chosen.target, chosen.deployment.name, revision);
    terminals.add(follower);
    follower.terminal.show(true);
    return follower;
  });

  commands.register('mlops.deployments.tryRequest', async (context, given, bodyArg): Promise<InvocationResult | undefined> => {
    if (bodyArg !== undefined && typeof bodyArg !== 'string') throw new UserError('Try a Request takes its body as a JSON string.');
    const chosen = await chooseDeployment(given, targets, context.signal, 'send a request to');
    if (!chosen) return undefined;
    const { target, deployment } = chosen;
    const key = BODY_KEY + deployment.name;
    if (bodyArg !== undefined) {
      const problem = jsonProblem(bodyArg);
      if (problem) throw new UserError(`The request body of Try a Request is not JSON (${problem.replace(/^Not JSON: /, "")}).`);
    }
    const body = bodyArg ?? (await askBody(deployment.name, state.get<string>(key) ?? EXAMPLE_BODY));
    if (body === undefined) return undefined;
    await state.update(key, body);
    const result = await withCancellableProgress(`POST /invocations of '${deployment.name}'`, (signal) =>
      target.invoke(deployment.name, body, { signal, timeoutMs: INVOKE_TIMEOUT_MS }),
    );
    const summary = `POST ${result.url} → ${result.status} in ${Math.round(result.elapsedMs)} ms`;
    logger.info(`Try a Request: ${summary}`);
    await responses.show(deployment.name, result);
    if (result.status >= 200 && result.status < 300) vscode.window.setStatusBarMessage(summary, 8000);
    else void vscode.window.showWarningMessage(`${summary}: the model server refused the request; its answer is in the editor.`);
    return result;
  });
}

async function askBody(name: string, last: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: `Try a request on '${name}': JSON body of POST /invocations`,
    prompt: 'MLflow\'s scoring protocol: {"dataframe_split": {...}}, {"dataframe_records": [...]}, {"instances": [...]} or {"inputs": ...}',
    value: last,
    ignoreFocusOut: true,
    validateInput: (value) => jsonProblem(value),
  });
  return typed?.trim() || undefined;
}

export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
}

/** Answers shown read-only (a virtual document), so closing one never asks to save it. */
class ResponseDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'mlops-response';
  private readonly contents = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(name: string, result: InvocationResult): Promise<void> {
    let content = result.body;
    let extension = 'txt';
    try {
      content = JSON.stringify(JSON.parse(result.body), null, 2);
      extension = 'json';
    } catch {
      // Not JSON: shown as the server wrote it.
    }
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: ResponseDocuments.scheme, path: `/${name}/response-${this.count}-${result.status}.${extension}` });
    // Only the last few answers are kept: each is a request the user can send again.
    if (this.contents.size >= 20) this.contents.delete(this.contents.keys().next().value as string);
    this.contents.set(uri.toString(), content);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}

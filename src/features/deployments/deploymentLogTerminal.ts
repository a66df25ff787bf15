import * as vscode from 'vscode';
import { isAbortError } from '../../core/deploy/deployError';
import type { DeploymentTarget, LogLine } from '../../core/deploy/deploymentTarget';
import { CONTAINER_NAME } from '../../core/deploy/kubernetes/deploymentManifest';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { streamPodLog } from '../../core/deploy/kubernetes/podLogStream';
import { describeError } from '../../core/tracking/errors';

const TAIL_LINES = 200;
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/**
 * A deployment's log, followed in a terminal: it starts with the last lines and keeps going until
 * the revision stops or the user closes the terminal (which ends the follow).
 */
export class DeploymentLogTerminal implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  /** every log line shown so far, for whoever needs the text (tests, a copy command) */
  readonly lines: LogLine[] = [];
  /** settles when the follow ends: the revision stopped, the terminal closed, or the engine failed */
  readonly ended: Promise<void>;
  private readonly written = new vscode.EventEmitter<string>();
  private readonly lineAdded = new vscode.EventEmitter<LogLine>();
  readonly onDidAddLine = this.lineAdded.event;
  private readonly controller = new AbortController();
  // Lines that come before the terminal opens wait here.
  private pending: string[] | undefined = [];

  /** `pod`: one pod of a deployment on a cluster, rather than the revision's chosen pod or container */
  constructor(target: DeploymentTarget, name: string, revision: number | undefined, pod?: string) {
    const which = pod !== undefined ? ` pod ${pod}` : revision === undefined ? '' : ` revision ${revision}`;
    this.terminal = vscode.window.createTerminal({
      name: `Log: ${name}${which}`,
      iconPath: new vscode.ThemeIcon('output'),
      pty: {
        onDidWrite: this.written.event,
        open: () => {
          for (const text of this.pending ?? []) this.written.fire(text);
          this.pending = undefined;
        },
        close: () => this.controller.abort(),
      },
    });
    this.write(`${DIM}Following the log of '${name}'${which} on ${target.description}; close this terminal to stop.${RESET}`);
    const call = { signal: this.controller.signal, revision, tail: TAIL_LINES, follow: true, onLine: (line: LogLine) => this.add(line) };
    const following = pod !== undefined && target instanceof KubernetesTarget ? streamPodLog(target.access, pod, CONTAINER_NAME, call) : target.logs(name, call);
    this.ended = following
      .then(
        () => this.write(`${DIM}${this.controller.signal.aborted ? 'Stopped following.' : `The log ended: the ${pod !== undefined ? 'pod' : 'revision'} stopped.`}${RESET}`),
        (error: unknown) => {
          if (!isAbortError(error)) this.write(`${RED}The log could not be followed: ${describeError(error)}${RESET}`);
        },
      );
  }

  /** Stops following; the terminal stays until the user closes it. */
  stop(): void {
    this.controller.abort();
  }

  dispose(): void {
    this.controller.abort();
    this.terminal.dispose();
    this.written.dispose();
    this.lineAdded.dispose();
  }

  private add(line: LogLine): void {
    this.lines.push(line);
    this.lineAdded.fire(line);
    this.write(line.stream === 'stderr' ? `${RED}${line.text}${RESET}` : line.text);
  }

  private write(text: string): void {
    const out = `${text.replace(/\r?\n/g, '\r\n')}\r\n`;
    if (this.pending) this.pending.push(out);
    else this.written.fire(out);
  }
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pythonPath } from '../../support/python';
import { fixture } from './sqlitePython';

/** A fixture script running alongside the test, talking over stdin/stdout lines. */
export class PythonProcess {
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.waiters.splice(0).forEach((wake) => wake());
        resolve(code);
      }),
    );
  }

  static start(script: string, args: string[]): PythonProcess {
    return new PythonProcess(spawn(pythonPath(), [fixture(script), ...args], { env: { ...process.env, PYTHONUNBUFFERED: '1' } }));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first output line that starts with `prefix`, without the prefix; fails if the script exits first. */
  async line(prefix: string): Promise<string> {
    for (;;) {
      const found = this.lines.find((l) => l.startsWith(prefix));
      if (found !== undefined) return found.slice(prefix.length);
      if (!this.running) throw new Error(`fixture exited without printing "${prefix}":\n${this.stderr}`);
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Tells the script to finish (it waits for end of input) and waits until it has. */
  async finish(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  stop(): void {
    if (this.running) this.child.kill();
  }

  get errors(): string {
    return this.stderr;
  }
}

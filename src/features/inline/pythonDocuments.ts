import * as vscode from 'vscode';
import { findMetricCalls, type MetricCall, type SourceRange } from '../../core/metrics/pythonMetricCalls';

// Files and notebook cells: the only documents that belong to a workspace folder with a store.
export const PYTHON_SELECTOR: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'vscode-notebook-cell' },
];

const parsed = new WeakMap<vscode.TextDocument, { version: number; calls: MetricCall[] }>();

/** The metric-logging calls of a document, parsed once per version. */
export function metricCallsIn(document: vscode.TextDocument): MetricCall[] {
  const known = parsed.get(document);
  if (known && known.version === document.version) return known.calls;
  const calls = findMetricCalls(document.getText());
  parsed.set(document, { version: document.version, calls });
  return calls;
}

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The workspace folder of a file, or of the notebook a cell belongs to. */
export function folderOf(document: vscode.TextDocument): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (folder || document.uri.scheme !== 'vscode-notebook-cell') return folder;
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((cell) => cell.document === document));
  return notebook && vscode.workspace.getWorkspaceFolder(notebook.uri);
}

/** Settles with `promise`, or with undefined as soon as the request is cancelled. */
export function unlessCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      resolve(undefined);
    });
    promise.then(
      (value) => {
        subscription.dispose();
        resolve(value);
      },
      (error: unknown) => {
        subscription.dispose();
        reject(error);
      },
    );
  });
}

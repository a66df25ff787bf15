import * as path from 'node:path';
import * as vscode from 'vscode';
import { previewFile } from '../../core/datasets/preview/previewFile';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import { PREVIEW_SCHEME, previewUri, previewedFile } from './previewTarget';
import { renderPreview } from './previewText';

/**
 * Read-only preview documents of data files (`mlops-preview:` URIs): the first rows, the schema
 * and the row count, read by the engine without loading a large file whole.
 */
export class DataPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly logger: Logger) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === PREVIEW_SCHEME) this.texts.delete(document.uri.toString());
      }),
    ];
  }

  /** Reads the file now (so a failure is the command's error) and shows its preview; returns the preview's URI. */
  async show(file: vscode.Uri, signal: AbortSignal): Promise<vscode.Uri> {
    const uri = previewUri(file);
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Previewing ${path.basename(file.fsPath)}` },
      () => this.render(file, signal),
    );
    this.texts.set(uri.toString(), text);
    // A preview already open shows the file as it is now; VS Code asks for the new text after the event.
    const updated = textShown(uri, text);
    this.changed.fire(uri);
    await updated;
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    // Reached when VS Code restores a preview after a reload: read the file again.
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const text = await this.render(previewedFile(uri), controller.signal);
      this.texts.set(uri.toString(), text);
      return text;
    } catch (error) {
      this.logger.error(`Datasets: cannot preview ${previewedFile(uri).fsPath}`, error);
      return `${describeError(error)}\n`;
    } finally {
      subscription.dispose();
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
    this.texts.clear();
  }

  private async render(file: vscode.Uri, signal: AbortSignal): Promise<string> {
    return renderPreview(await previewFile(file.fsPath, { signal }));
  }
}

/** Resolves once an open document shows `text` (at once when none is open), or after a second at most. */
function textShown(uri: vscode.Uri, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (!open || open.getText() === text) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, 1000);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === open && open.getText() === text) done();
    });
  });
}

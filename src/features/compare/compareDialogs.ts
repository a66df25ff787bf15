import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CompareDialogs, FileSink, SavedKind } from './compareExports';

const FILTERS: Record<SavedKind, Record<string, string[]>> = {
  csv: { 'CSV (comma-separated values)': ['csv'] },
  png: { 'PNG image': ['png'] },
};

/** Save dialogs next to the folder's files, and a cancellable progress notification while writing. */
export function compareDialogs(folder: vscode.WorkspaceFolder): CompareDialogs {
  return {
    async save(defaultName, kind, write) {
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, defaultName), filters: FILTERS[kind], saveLabel: 'Save' });
      if (!target) return undefined;
      const name = target.scheme === 'file' ? target.fsPath : target.toString();
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Saving ${vscode.workspace.asRelativePath(target)}`, cancellable: true },
        async (_progress, token) => {
          const controller = new AbortController();
          const cancelling = token.onCancellationRequested(() => controller.abort());
          try {
            await writeTo(target, (sink) => write(sink, controller.signal));
          } finally {
            cancelling.dispose();
          }
        },
      );
      vscode.window.setStatusBarMessage(`Saved ${name}`, 5000);
      return name;
    },
  };
}

// Local files are streamed (a history export can be large); other file systems get one write.
async function writeTo(target: vscode.Uri, write: (sink: FileSink) => Promise<void>): Promise<void> {
  if (target.scheme !== 'file') {
    const chunks: Buffer[] = [];
    await write({ write: async (chunk) => void chunks.push(Buffer.from(chunk)) });
    await vscode.workspace.fs.writeFile(target, Buffer.concat(chunks));
    return;
  }
  const stream = fs.createWriteStream(target.fsPath);
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const sink: FileSink = {
    write: (chunk) => Promise.race([failed, new Promise<void>((resolve) => (stream.write(chunk) ? resolve() : stream.once('drain', resolve)))]),
  };
  try {
    await write(sink);
  } catch (error) {
    stream.destroy();
    await fs.promises.rm(target.fsPath, { force: true });
    throw error;
  }
  await Promise.race([failed, new Promise<void>((resolve) => stream.end(resolve))]);
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../vscode/userError';
import type { DatasetsNode } from './datasetsNodes';

/** As the menus in package.json offer the preview (`resourceExtname =~ ...`). */
const PREVIEWABLE = new Set(['.csv', '.tsv', '.parquet', '.jsonl', '.ndjson']);

export const PREVIEW_SCHEME = 'mlops-preview';

export function isPreviewable(file: string): boolean {
  return PREVIEWABLE.has(path.posix.extname(file).toLowerCase());
}

/** The preview document of a data file; its name ends in " (preview)" so no language claims it. */
export function previewUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${file.path} (preview)`, query: file.toString() });
}

export function previewedFile(preview: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(preview.query, true);
}

/**
 * The file a Preview Data invocation means: the Datasets view's item, the explorer's file, else the
 * active editor's file (a Parquet file opens in a binary editor, so tabs are asked too).
 */
export function fileToPreview(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return local(argument);
  if (typeof argument === 'string' && argument) return vscode.Uri.file(argument);
  const node = argument as DatasetsNode | undefined;
  if (node?.kind === 'dvcOutput') {
    if (node.output.external) throw new UserError(`${node.output.path} is not in the workspace, so it cannot be previewed here.`);
    return vscode.Uri.joinPath(node.folder.uri, ...node.output.path.split('/'));
  }
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor) return local(editor);
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return local(input.uri);
  return undefined;
}

function local(uri: vscode.Uri): vscode.Uri {
  if (uri.scheme === PREVIEW_SCHEME) return previewedFile(uri);
  if (uri.scheme !== 'file') throw new UserError(`${uri.toString(true)} is not a file on this machine; Preview Data reads local CSV, TSV, JSON Lines and Parquet files.`);
  return uri;
}

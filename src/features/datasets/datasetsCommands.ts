import * as vscode from 'vscode';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { DataPreviews } from './dataPreviews';
import type { DatasetsTree } from './datasetsTree';
import { fileToPreview } from './previewTarget';

/** Refresh, and Preview Data from the view, the explorer or the command palette. */
export function registerDatasetsCommands(commands: CommandRegistry, tree: DatasetsTree, previews: DataPreviews): void {
  commands.register('mlops.datasets.refresh', () => tree.reload());
  commands.register('mlops.datasets.preview', async (context, argument) => {
    const file = fileToPreview(argument) ?? (await pickDataFile());
    if (!file) return undefined;
    return previews.show(file, context.signal);
  });
}

async function pickDataFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Preview Data',
    openLabel: 'Preview',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Data files': ['csv', 'tsv', 'parquet', 'jsonl', 'ndjson'], 'All files': ['*'] },
  });
  return picked?.[0];
}

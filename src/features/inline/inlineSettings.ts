import * as vscode from 'vscode';

/** Typed access to the `mlops.inline.*` settings; read on every use, so changes apply at once. */
export class InlineSettings {
  codeLens(): boolean {
    return this.section().get<boolean>('codeLens', true);
  }

  hover(): boolean {
    return this.section().get<boolean>('hover', true);
  }

  statusBar(): boolean {
    return this.section().get<boolean>('statusBar', true);
  }

  recentRuns(): number {
    const count = this.section().get<number>('recentRuns', 5);
    return Number.isFinite(count) ? Math.min(50, Math.max(1, Math.floor(count))) : 5;
  }

  statusBarMetric(folder: vscode.WorkspaceFolder): string {
    return this.section(folder).get<string>('statusBarMetric', '').trim();
  }

  onDidChange(listener: (event: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mlops.inline')) listener(event);
    });
  }

  private section(folder?: vscode.WorkspaceFolder): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('mlops.inline', folder?.uri);
  }
}

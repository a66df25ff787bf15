import * as vscode from 'vscode';

/** Typed access to the `mlops.*` settings. */
export class Settings {
  trackingUri(folder: vscode.WorkspaceFolder): string {
    // In an untrusted workspace VS Code hides the workspace's value (restrictedConfigurations).
    return this.section(folder).get<string>('trackingUri', '').trim();
  }

  async setTrackingUri(folder: vscode.WorkspaceFolder, uri: string): Promise<void> {
    const target = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
    await this.section(folder).update('trackingUri', uri, target);
  }

  refreshIntervalMs(): number {
    return Math.max(2, this.section().get<number>('refreshInterval', 10)) * 1000;
  }

  runsPageSize(): number {
    return Math.min(5000, Math.max(10, this.section().get<number>('runs.pageSize', 100)));
  }

  runsMetric(folder?: vscode.WorkspaceFolder): string {
    return this.section(folder).get<string>('runs.metric', '').trim();
  }

  sparklines(): boolean {
    return this.section().get<boolean>('runs.sparklines', true);
  }

  httpMaxRetries(): number {
    return this.section().get<number>('http.maxRetries', 2);
  }

  httpTimeoutMs(): number {
    return this.section().get<number>('http.timeout', 30) * 1000;
  }

  onDidChange(listener: (event: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mlops')) listener(event);
    });
  }

  private section(folder?: vscode.WorkspaceFolder): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('mlops', folder?.uri);
  }
}

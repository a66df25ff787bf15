import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.showVersion', () => {
      const version = (context.extension.packageJSON as { version: string }).version;
      return vscode.window.showInformationMessage(`MLOps Studio ${version}`);
    }),
  );
}

export function deactivate(): void {}

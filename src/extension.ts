import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.showVersion', () => {
      const version = (context.extension.packageJSON as { version: string }).version;
      // Not awaited: the message's promise settles only when the user closes it.
      void vscode.window.showInformationMessage(`MLOps Studio ${version}`);
    }),
  );
}

export function deactivate(): void {}

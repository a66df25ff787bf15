import * as vscode from 'vscode';

/** What a view shows, for its welcome content (package.json `viewsWelcome`). */
export type ViewState = 'loading' | 'ready' | 'empty' | 'noStore' | 'error';

export function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

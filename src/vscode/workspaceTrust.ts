import * as vscode from 'vscode';
import { UserError } from './userError';

/** Commands that change code or a tracking store run only in trusted workspaces. */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new UserError(`${action} is not available in an untrusted workspace: the views stay read-only until you trust it (Workspaces: Manage Workspace Trust).`);
  }
}

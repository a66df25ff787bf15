import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../src/extension';

export const EXTENSION_ID = 'mlops-studio.mlops-studio';

/** The activated extension's API (what `activate` returned). */
export async function mlopsApi(): Promise<MlopsApi> {
  const extension = vscode.extensions.getExtension<MlopsApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `the host workspace has no folder "${name}"`);
  return folder;
}

/** Resolves with the first value `subscribe` reports that satisfies `test`, or rejects after `ms`. */
export function nextEvent<T>(subscribe: (listener: (value: T) => void) => vscode.Disposable, test: (value: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const subscription = subscribe((value) => {
      if (!test(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

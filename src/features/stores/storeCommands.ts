import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TrackingError } from '../../core/tracking/errors';
import { resolveTrackingUri } from '../../core/tracking/trackingUri';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';
import { UserError } from '../../vscode/userError';
import type { WorkspaceStores } from './workspaceStores';

/** Choosing a folder's tracking store, and signing in to a tracking server. */
export function registerStoreCommands(
  commands: CommandRegistry,
  services: { stores: WorkspaceStores; settings: Settings; secrets: TrackingSecrets; logger: Logger },
): void {
  const { stores, settings, secrets, logger } = services;
  commands.register('mlops.showLog', () => logger.show());
  commands.register('mlops.chooseStore', async () => {
    const folder = await pickFolder();
    if (!folder) return;
    const uri = await pickStore(folder);
    if (uri !== undefined) await settings.setTrackingUri(folder, uri);
  });
  commands.register('mlops.connectServer', async () => {
    const folder = await pickFolder();
    if (!folder) return;
    const uri = await askServerUrl(settings.trackingUri(folder));
    if (!uri) return;
    await settings.setTrackingUri(folder, uri);
    const entry = await stores.get(folder);
    if (entry.status !== 'ready') return;
    try {
      await entry.store.listExperiments('active');
      vscode.window.setStatusBarMessage(`Connected to ${entry.store.uri}`, 4000);
    } catch (error) {
      if (error instanceof TrackingError && error.code === 'UNAUTHENTICATED') {
        const choice = await vscode.window.showWarningMessage(`${entry.store.uri} asks for credentials.`, 'Sign In');
        if (choice === 'Sign In') await vscode.commands.executeCommand('mlops.signIn', folder);
        return;
      }
      throw error;
    }
  });
  commands.register('mlops.signIn', async (_context, given) => {
    const server = await serverOf(stores, settings, given);
    const method = await vscode.window.showQuickPick(['Username and password', 'Access token'], { title: `Sign in to ${server}` });
    if (!method) return;
    if (method === 'Access token') {
      const token = await vscode.window.showInputBox({ title: `Token for ${server}`, password: true, ignoreFocusOut: true, validateInput: required });
      if (token) await secrets.set(server, { token });
    } else {
      const username = await vscode.window.showInputBox({ title: `Username for ${server}`, ignoreFocusOut: true, validateInput: required });
      if (!username) return;
      const password = await vscode.window.showInputBox({ title: `Password for ${username} on ${server}`, password: true, ignoreFocusOut: true, validateInput: required });
      if (password) await secrets.set(server, { username, password });
    }
    logger.info(`Signed in to ${server} (credentials kept in VS Code's secret storage)`);
  });
  commands.register('mlops.signOut', async (_context, given) => {
    const server = await serverOf(stores, settings, given);
    await secrets.delete(server);
    logger.info(`Signed out of ${server}`);
  });
}

const required = (value: string) => (value.trim() ? undefined : 'Required');

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new UserError('Open a folder first: each workspace folder has its own tracking store.');
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder\'s tracking store?' });
}

async function pickStore(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const root = folder.uri.fsPath;
  const detected = [
    ...['mlflow.db'].filter((f) => fs.existsSync(path.join(root, f))).map((f) => ({ label: `$(database) ${f}`, description: 'sqlite store', uri: `sqlite:///${f}` })),
    ...['mlruns'].filter((f) => fs.existsSync(path.join(root, f))).map((f) => ({ label: `$(folder) ${f}`, description: 'file store', uri: f })),
  ];
  const fallback = safeDefault(root);
  const items = [
    ...detected,
    { label: '$(globe) Tracking server...', description: 'http(s)://', uri: '<server>' },
    { label: '$(folder-opened) Browse...', description: 'an mlflow.db file or an mlruns folder', uri: '<browse>' },
    { label: '$(discard) MLflow\'s default', description: fallback, uri: '' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Tracking store for ${folder.name}` });
  if (!picked) return undefined;
  if (picked.uri === '<server>') return askServerUrl('');
  if (picked.uri !== '<browse>') return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, defaultUri: folder.uri, openLabel: 'Use as Tracking Store' });
  if (!chosen?.[0]) return undefined;
  const file = chosen[0].fsPath;
  return fs.statSync(file).isDirectory() ? file : `sqlite:///${file}`;
}

function safeDefault(root: string): string {
  try {
    return resolveTrackingUri({ env: process.env, baseDir: root }).uri;
  } catch {
    return 'MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db';
  }
}

function askServerUrl(current: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'MLflow tracking server',
    prompt: 'The server\'s URL; sign in separately so no password lands in settings',
    value: /^https?:/.test(current) ? current : 'http://127.0.0.1:5000',
    validateInput: (value) => {
      try {
        const url = new URL(value);
        if (!/^https?:$/.test(url.protocol)) return 'Use an http:// or https:// URL';
        if (url.username || url.password) return 'Leave credentials out of the URL: use MLOps: Sign in to Tracking Server';
        return undefined;
      } catch {
        return 'Not a URL';
      }
    },
  });
}

async function serverOf(stores: WorkspaceStores, settings: Settings, given: unknown): Promise<string> {
  const folders = given && (given as vscode.WorkspaceFolder).uri ? [given as vscode.WorkspaceFolder] : stores.folders();
  for (const folder of folders) {
    const entry = await stores.get(folder);
    if (entry.status === 'ready' && entry.store.kind === 'rest') return entry.store.uri;
    const configured = settings.trackingUri(folder);
    if (/^https?:/.test(configured)) return configured;
  }
  const typed = await askServerUrl('');
  if (!typed) throw new TrackingError('tracking server', 'cancelled', 'CANCELLED');
  return typed;
}

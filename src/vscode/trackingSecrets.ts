import * as vscode from 'vscode';
import type { RestCredentials } from '../core/tracking/rest';

const PREFIX = 'mlops.trackingCredentials:';

/** Credentials for tracking servers, kept only in VS Code's SecretStorage, keyed by server origin. */
export class TrackingSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  readonly onDidChange = (listener: () => void): vscode.Disposable =>
    this.storage.onDidChange((event) => {
      if (event.key.startsWith(PREFIX)) listener();
    });

  async get(serverUri: string): Promise<RestCredentials | undefined> {
    const stored = await this.storage.get(PREFIX + origin(serverUri));
    if (!stored) return undefined;
    try {
      return JSON.parse(stored) as RestCredentials;
    } catch {
      return undefined;
    }
  }

  async set(serverUri: string, credentials: RestCredentials): Promise<void> {
    await this.storage.store(PREFIX + origin(serverUri), JSON.stringify(credentials));
  }

  async delete(serverUri: string): Promise<void> {
    await this.storage.delete(PREFIX + origin(serverUri));
  }
}

export function origin(serverUri: string): string {
  try {
    const url = new URL(serverUri);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return serverUri;
  }
}

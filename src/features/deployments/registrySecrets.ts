import type * as vscode from 'vscode';
import type { RegistryCredentials } from '../../core/build';

const PREFIX = 'mlops.registryCredentials:';

/** Image registry logins, kept only in VS Code's SecretStorage, keyed by registry host[:port]. */
export class RegistrySecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(registry: string): Promise<RegistryCredentials | undefined> {
    const stored = await this.storage.get(PREFIX + hostOf(registry));
    if (!stored) return undefined;
    try {
      const parsed = JSON.parse(stored) as Partial<RegistryCredentials>;
      return typeof parsed.username === 'string' && typeof parsed.password === 'string' ? { username: parsed.username, password: parsed.password } : undefined;
    } catch {
      return undefined;
    }
  }

  async set(registry: string, credentials: RegistryCredentials): Promise<void> {
    await this.storage.store(PREFIX + hostOf(registry), JSON.stringify(credentials));
  }

  async delete(registry: string): Promise<void> {
    await this.storage.delete(PREFIX + hostOf(registry));
  }
}

/** "127.0.0.1:5000" of "127.0.0.1:5000/team" or "https://127.0.0.1:5000/". */
export function hostOf(registry: string): string {
  return registry.trim().replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
}

import type { CommandRegistry } from '../vscode/commandRegistry';
import type { Logger } from '../vscode/logger';
import type { Settings } from '../vscode/settings';
import type { SharedStoreWatches } from './stores/sharedStoreWatches';
import type { WorkspaceStores } from './stores/workspaceStores';

/** What extension.ts hands every view feature. */
export interface FeatureServices {
  stores: WorkspaceStores;
  /** the stores' change notifications, shared by the views while they are visible */
  watches: SharedStoreWatches;
  commands: CommandRegistry;
  settings: Settings;
  logger: Logger;
}

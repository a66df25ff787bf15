import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { FeatureServices } from '../featureServices';
import type { RunsFeature } from '../runs/runsFeature';
import { registerCompareCommands } from './compareCommands';
import { COMPARE_VIEW_TYPE, ComparePanel } from './comparePanel';
import type { RunsToCompare } from './compareSelection';
import { restoredSelection } from './restoredSelection';

export interface CompareFeature {
  /** the open Compare panels, oldest first */
  readonly panels: readonly ComparePanel[];
  readonly onDidOpenPanel: vscode.Event<ComparePanel>;
  /** what the panels' apps logged as errors, for tests */
  readonly appErrors: readonly string[];
  /** bench only: panels opened afterwards post whole histories instead of reduced series */
  testOptions: { rawHistories: boolean };
}

/** The Compare panel: commands that open it from the Runs view, and its restoration after a reload. */
export function registerCompareFeature(context: vscode.ExtensionContext, services: FeatureServices & { runs: RunsFeature }): CompareFeature {
  const { stores, watches, logger, commands, runs } = services;
  const panels: ComparePanel[] = [];
  const appErrors: string[] = [];
  const opened = new vscode.EventEmitter<ComparePanel>();
  const feature: CompareFeature = { panels, onDidOpenPanel: opened.event, appErrors, testOptions: { rawHistories: false } };
  const panelServices = { extensionUri: context.extensionUri, stores, watches, logger };

  const open = (selection: RunsToCompare, startedAt: number, restored?: vscode.WebviewPanel): ComparePanel => {
    const panel = new ComparePanel(selection, panelServices, {
      startedAt,
      restored,
      rawHistories: feature.testOptions.rawHistories,
      onAppError: (message) => appErrors.push(message),
    });
    panels.push(panel);
    panel.onDidDispose(() => panels.splice(panels.indexOf(panel), 1));
    logger.info(`Compare: ${selection.runIds.length} runs of ${selection.folder.name}${restored ? ' (restored)' : ''}`);
    opened.fire(panel);
    return panel;
  };

  registerCompareCommands(commands, runs, stores, open);
  context.subscriptions.push(
    opened,
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
        const selection = await restoredSelection(state, stores);
        if (selection) {
          open(selection, performance.now(), webviewPanel);
          return;
        }
        webviewPanel.dispose();
        logger.warn(`Compare: a panel was not restored: its runs are in no workspace folder's store (${JSON.stringify(state)})`);
      },
    }),
    { dispose: () => [...panels].forEach((panel) => panel.dispose()) },
  );
  return feature;
}

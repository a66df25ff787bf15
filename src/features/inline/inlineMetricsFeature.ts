import * as vscode from 'vscode';
import type { FeatureServices } from '../featureServices';
import type { RunsFeature } from '../runs/runsFeature';
import { InlineLiveUpdates } from './inlineLiveUpdates';
import { runsViewMetric } from './inlineMetricText';
import { InlineSettings } from './inlineSettings';
import { MetricCodeLensProvider } from './metricCodeLens';
import { MetricHoverProvider } from './metricHover';
import { PYTHON_SELECTOR } from './pythonDocuments';
import { RecentMetricRunsCache } from './recentMetricRunsCache';
import { TrainingStatusBar } from './trainingStatusBar';

export interface InlineMetricsFeature {
  codeLenses: MetricCodeLensProvider;
  hovers: MetricHoverProvider;
  /** the status bar item following the run training now (its text, for tests) */
  statusBar: TrainingStatusBar;
}

/** Metrics beside the code that logs them (CodeLens, hover) and the training run in the status bar. */
export function registerInlineMetricsFeature(
  context: vscode.ExtensionContext,
  services: FeatureServices & { runs: RunsFeature },
): InlineMetricsFeature {
  const { stores, watches, settings, logger, runs } = services;
  const inlineSettings = new InlineSettings();
  const cache = new RecentMetricRunsCache(stores, inlineSettings, logger);
  const codeLenses = new MetricCodeLensProvider(stores, cache);
  const hovers = new MetricHoverProvider(cache);
  const shownInRunsView = (folder: vscode.WorkspaceFolder) => runsViewMetric(runs.state.metric, settings.runsMetric(folder), runs.state.orderBy);
  const statusBar = new TrainingStatusBar(stores, watches, inlineSettings, shownInRunsView, logger);
  const live = new InlineLiveUpdates(watches, cache, codeLenses, logger);
  // Registered only while switched on, so turning a setting off removes lenses and hovers at once.
  const registrations = new Map<'codeLens' | 'hover', vscode.Disposable>();
  const toggle = (name: 'codeLens' | 'hover', on: boolean, register: () => vscode.Disposable) => {
    const registered = registrations.get(name);
    if (on && !registered) registrations.set(name, register());
    if (!on && registered) {
      registered.dispose();
      registrations.delete(name);
    }
  };
  const apply = () => {
    toggle('codeLens', inlineSettings.codeLens(), () => vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, codeLenses));
    toggle('hover', inlineSettings.hover(), () => vscode.languages.registerHoverProvider(PYTHON_SELECTOR, hovers));
    live.update(inlineSettings.codeLens() || inlineSettings.hover());
    statusBar.apply();
  };
  apply();
  context.subscriptions.push(
    cache,
    codeLenses,
    statusBar,
    live,
    { dispose: () => registrations.forEach((registration) => registration.dispose()) },
    inlineSettings.onDidChange((event) => {
      if (event.affectsConfiguration('mlops.inline.recentRuns')) {
        cache.invalidate();
        codeLenses.refresh();
      }
      apply();
    }),
    settings.onDidChange((event) => {
      if (event.affectsConfiguration('mlops.runs.metric')) statusBar.request();
    }),
    runs.state.onDidChange(() => statusBar.request()),
    stores.onDidChange(() => {
      cache.invalidate();
      codeLenses.refresh();
      statusBar.request();
    }),
    vscode.window.onDidChangeVisibleTextEditors(() => live.update(inlineSettings.codeLens() || inlineSettings.hover())),
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.request()),
  );
  return { codeLenses, hovers, statusBar };
}

import { Command, InvalidArgumentError } from 'commander';
import { TrackingError } from '../../core/tracking/errors';
import type { Run, RunSearch, StoreProblem, TrackingStore, ViewType } from '../../core/tracking/types';
import { type CliIo, type CommonOptions, printJson, reportProblems, withCommonOptions, withStore } from '../context';
import { formatDuration, formatNumber, formatTime, renderTable } from '../format';
import { viewOption } from './experiments';

// MLflow's upper bound for max_results in one search_runs request.
const PAGE_LIMIT = 50_000;

interface ListOptions extends CommonOptions {
  experiment: string[];
  filter?: string;
  orderBy: string[];
  maxResults?: number;
  pageToken?: string;
  view: ViewType;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function runsCommand(io: CliIo): Command {
  const runs = new Command('runs').description('MLflow runs');
  withCommonOptions(runs.command('list').description('search runs with MLflow\'s filter syntax'))
    .option('--experiment <name-or-id>', 'experiment to search (repeatable; default: all active experiments)', collect, [])
    .option('--filter <expr>', 'MLflow filter, e.g. "metrics.rmse < 1 and params.model = \'tree\'"')
    .option('--order-by <expr>', 'ordering, e.g. "metrics.rmse ASC" (repeatable)', collect, [])
    .option('--max-results <n>', 'at most this many runs (default: all)', positiveInteger)
    .option('--page-token <token>', 'continue from the token a previous limited listing printed')
    .addOption(viewOption())
    .action((options: ListOptions) =>
      withStore(io, options, async (store) => {
        const experimentIds = await resolveExperiments(store, options.experiment, io.signal);
        const { runs: found, problems, nextPageToken } = await searchAll(store, {
          experimentIds, filter: options.filter, orderBy: options.orderBy, view: options.view, pageToken: options.pageToken,
        }, options.maxResults, io.signal);
        reportProblems(io, problems);
        if (nextPageToken) io.stderr(`mlops: more runs follow: --page-token ${nextPageToken}\n`);
        if (options.json) return printJson(io, found);
        io.stdout(runsTable(found, metricColumns(found, options.orderBy)));
      }),
    );
  withCommonOptions(runs.command('get').description('one run with its params, latest metrics, tags, inputs and outputs'))
    .requiredOption('--run-id <id>', 'the run')
    .action((options: CommonOptions & { runId: string }) =>
      withStore(io, options, async (store) => {
        const run = await store.getRun(options.runId, io.signal);
        if (options.json) return printJson(io, run);
        io.stdout(runDetails(run));
      }),
    );
  return runs;
}

async function resolveExperiments(store: TrackingStore, wanted: string[], signal: AbortSignal): Promise<string[]> {
  if (wanted.length === 0) return [];
  const { items } = await store.listExperiments('all', signal);
  return wanted.map((w) => {
    const match = items.find((e) => e.experiment_id === w) ?? items.find((e) => e.name === w);
    if (!match) throw new TrackingError(store.uri, `no experiment named or numbered "${w}"`, 'NOT_FOUND');
    return match.experiment_id;
  });
}

async function searchAll(store: TrackingStore, search: RunSearch, limit: number | undefined, signal: AbortSignal) {
  const runs: Run[] = [];
  const problems: StoreProblem[] = [];
  let pageToken = search.pageToken;
  for (;;) {
    const want = limit === undefined ? PAGE_LIMIT : Math.min(PAGE_LIMIT, limit - runs.length);
    const page = await store.searchRuns({ ...search, maxResults: want, pageToken }, signal);
    runs.push(...page.runs);
    problems.push(...page.problems);
    pageToken = page.nextPageToken ?? undefined;
    if (!pageToken || (limit !== undefined && runs.length >= limit)) break;
  }
  return { runs, problems, nextPageToken: pageToken ?? null };
}

function metricColumns(runs: Run[], orderBy: string[]): string[] {
  const ordered = orderBy
    .map((o) => /^\s*(?:metrics?)\.(?:"([^"]+)"|`([^`]+)`|(\S+))/i.exec(o))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1] ?? m[2] ?? m[3]);
  if (ordered.length > 0) return ordered;
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.data.metrics)) keys.add(key);
  return [...keys].sort().slice(0, 3);
}

function runsTable(runs: Run[], metrics: string[]): string {
  const rows = runs.map((r) => [
    r.info.run_id, r.info.run_name, r.info.experiment_id, r.info.status, formatTime(r.info.start_time),
    formatDuration(r.info.start_time, r.info.end_time ?? (r.info.status === 'RUNNING' ? Date.now() : null)),
    ...metrics.map((k) => (k in r.data.metrics ? formatNumber(r.data.metrics[k]) : '-')),
  ]);
  return renderTable(['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION', ...metrics.map((m) => m.toUpperCase())], rows);
}

function runDetails(run: Run): string {
  const { info, data } = run;
  const section = (title: string, entries: [string, string][]) =>
    entries.length === 0 ? '' : `\n${title}\n` + renderTable(['KEY', 'VALUE'], entries.sort(([a], [b]) => a.localeCompare(b)));
  const datasets = run.inputs.dataset_inputs.map((d): [string, string] => [d.dataset.name, `${d.dataset.digest} ${d.dataset.source_type}`]);
  return (
    renderTable(['FIELD', 'VALUE'], [
      ['run_id', info.run_id], ['run_name', info.run_name], ['experiment_id', info.experiment_id], ['status', info.status],
      ['user_id', info.user_id], ['start_time', formatTime(info.start_time)], ['end_time', formatTime(info.end_time)],
      ['duration', formatDuration(info.start_time, info.end_time)], ['lifecycle_stage', info.lifecycle_stage],
      ['artifact_uri', info.artifact_uri],
    ]) +
    section('METRICS (latest)', Object.entries(data.metrics).map(([k, v]) => [k, formatNumber(v)])) +
    section('PARAMS', Object.entries(data.params)) +
    section('TAGS', Object.entries(data.tags)) +
    section('DATASETS', datasets) +
    section('MODEL OUTPUTS', run.outputs.model_outputs.map((m) => [m.model_id, `step ${m.step}`]))
  );
}

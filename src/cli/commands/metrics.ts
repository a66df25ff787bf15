import { Command, InvalidArgumentError } from 'commander';
import { downsample } from '../../core/metrics/downsample';
import { type CliIo, type CommonOptions, printJson, withCommonOptions, withStore } from '../context';
import { formatNumber, formatTime, renderTable } from '../format';

export function metricsCommand(io: CliIo): Command {
  const metrics = new Command('metrics').description('metric histories');
  withCommonOptions(metrics.command('history').description('every logged value of one metric, by step then timestamp'))
    .requiredOption('--run-id <id>', 'the run')
    .requiredOption('--key <key>', 'the metric key')
    .option('--max-points <n>', 'reduce to at most n points, keeping first, last and extremes', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${v}"`);
      return n;
    })
    .action((options: CommonOptions & { runId: string; key: string; maxPoints?: number }) =>
      withStore(io, options, async (store) => {
        const history = await store.getMetricHistory(options.runId, options.key, io.signal);
        const points = options.maxPoints ? downsample(history, options.maxPoints) : history;
        if (options.json) return printJson(io, points);
        io.stdout(renderTable(['STEP', 'TIMESTAMP', 'VALUE'], points.map((p) => [String(p.step), formatTime(p.timestamp), formatNumber(p.value)])));
      }),
    );
  return metrics;
}

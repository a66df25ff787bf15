import { Command } from 'commander';
import { type CliIo, type CommonOptions, printJson, reportProblems, withCommonOptions, withStore } from '../context';
import { renderTable } from '../format';

export function datasetsCommand(io: CliIo): Command {
  const datasets = new Command('datasets').description('datasets logged as run inputs');
  withCommonOptions(datasets.command('list').description('datasets (name, digest, source, schema, profile) with the runs that used each'))
    .action((options: CommonOptions) =>
      withStore(io, options, async (store) => {
        const listing = await store.listDatasets([], io.signal);
        reportProblems(io, listing.problems);
        if (options.json) return printJson(io, listing.items);
        const rows = listing.items.map((d) => [
          d.name, d.digest, d.experiment_id, d.source_type, String(d.runs.length),
          [...new Set(d.runs.map((r) => r.context ?? '-'))].join(','),
        ]);
        io.stdout(renderTable(['NAME', 'DIGEST', 'EXPERIMENT', 'SOURCE TYPE', 'RUNS', 'CONTEXTS'], rows));
      }),
    );
  return datasets;
}

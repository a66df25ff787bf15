import { Command, Option } from 'commander';
import type { ViewType } from '../../core/tracking/types';
import { type CliIo, type CommonOptions, printJson, reportProblems, withCommonOptions, withStore } from '../context';
import { formatTime, renderTable } from '../format';

export const viewOption = () =>
  new Option('--view <view>', 'which lifecycle stage to list').choices(['active', 'deleted', 'all']).default('active');

export function experimentsCommand(io: CliIo): Command {
  const experiments = new Command('experiments').description('MLflow experiments');
  withCommonOptions(experiments.command('list').description('list experiments with their tags'))
    .addOption(viewOption())
    .action((options: CommonOptions & { view: ViewType }) =>
      withStore(io, options, async (store) => {
        const listing = await store.listExperiments(options.view, io.signal);
        reportProblems(io, listing.problems);
        if (options.json) return printJson(io, listing.items);
        const rows = listing.items.map((e) => [
          e.experiment_id, e.name, e.lifecycle_stage, formatTime(e.creation_time), e.artifact_location,
        ]);
        io.stdout(renderTable(['ID', 'NAME', 'STAGE', 'CREATED', 'ARTIFACT LOCATION'], rows));
      }),
    );
  return experiments;
}

import { Command } from 'commander';
import { type CliIo, type CommonOptions, printJson, reportProblems, withCommonOptions, withStore } from '../context';
import { formatTime, renderTable } from '../format';

export function modelsCommand(io: CliIo): Command {
  const models = new Command('models').description('registered models');
  withCommonOptions(models.command('list').description('registered models with their versions, stages, aliases and tags'))
    .action((options: CommonOptions) =>
      withStore(io, options, async (store) => {
        const listing = await store.listRegisteredModels(io.signal);
        reportProblems(io, listing.problems);
        if (options.json) return printJson(io, listing.items);
        const rows = listing.items.flatMap((m) =>
          m.versions.length === 0
            ? [[m.name, '-', '-', '-', '-', '-', '-']]
            : m.versions.map((v) => [
                m.name, v.version, v.current_stage, v.aliases.map((a) => `@${a}`).join(' ') || '-', v.status,
                formatTime(v.creation_timestamp), v.run_id ?? '-',
              ]),
        );
        io.stdout(renderTable(['MODEL', 'VERSION', 'STAGE', 'ALIASES', 'STATUS', 'CREATED', 'RUN ID'], rows));
      }),
    );
  return models;
}

import { Command, CommanderError } from 'commander';
import { TrackingError } from '../core/tracking/errors';
import { buildCommand } from './commands/build';
import { datasetsCommand } from './commands/datasets';
import { deployCommand, historyCommand, rollbackCommand } from './commands/deploy';
import { experimentsCommand } from './commands/experiments';
import { metricsCommand } from './commands/metrics';
import { modelsCommand } from './commands/models';
import { runsCommand } from './commands/runs';
import type { CliIo } from './context';

/** Runs the `mlops` command line; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command('mlops')
    .description('MLOps Studio from the command line: read MLflow tracking stores (sqlite, mlruns/, tracking server)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of [experimentsCommand(io), runsCommand(io), metricsCommand(io), modelsCommand(io), datasetsCommand(io), buildCommand(io), deployCommand(io), rollbackCommand(io), historyCommand(io)]) {
    program.addCommand(command.exitOverride());
    for (const sub of command.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof TrackingError) {
      io.stderr(`mlops: ${error.message}\n`);
      return 1;
    }
    io.stderr(`mlops: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

import { Command, InvalidArgumentError } from 'commander';
import { deploymentNameProblem } from '../../core/deploy/deploymentName';
import type { DeploymentSummary, Revision, RolloutResult } from '../../core/deploy/deploymentTarget';
import { type CliIo, printJson } from '../context';
import {
  type PolicyOptions, type TargetOptions, policyOf, positiveInteger, reportLogTail, stepPrinter, targetFor, withPolicyOptions, withTargetOptions,
} from '../deployTargetOptions';
import { formatTime, renderTable } from '../format';
import { type ImageOptions, imageToDeploy } from '../deployImage';
import { requireConfirmation, withConfirmOption, withWorkloadOptions } from '../kubernetesTargetOptions';

interface DeployOptions extends TargetOptions, PolicyOptions, ImageOptions {
  port?: number;
  changeCause?: string;
}

interface RollbackOptions extends TargetOptions, PolicyOptions {
  toRevision?: number;
  changeCause?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`expected a port from 1 to 65535, got "${value}"`);
  return n;
}

/** `mlops deploy`: a model version's image as the next revision of a deployment, current once healthy. */
export function deployCommand(io: CliIo): Command {
  const deploy = new Command('deploy').description('deploy a model version as the next revision of a deployment; it serves once it answers its health check');
  withConfirmOption(withWorkloadOptions(withPolicyOptions(withTargetOptions(deploy))))
    .requiredOption('--model <name>', 'the registered model')
    .option('--version <version>', 'the model version to deploy')
    .option('--alias <alias>', 'the alias whose version to deploy, e.g. champion (read from the tracking store)')
    .option('--image <reference>', 'the image to run (default: the newest image on the engine labelled with the model version, else one built now)')
    .option('--port <port>', 'the port clients call (default: the deployment\'s current port, else the image\'s, else 8080)', port)
    .option('--change-cause <text>', 'why this revision exists (shown in the history)')
    .option('--tracking-uri <uri>', 'tracking store for --alias and builds (default: MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db)')
    .option('--registry <host[:port][/namespace]>', 'registry of a built image\'s tag (default: MLOPS_BUILD_REGISTRY)')
    .option('--base-image <image>', 'FROM of a built image (default: MLOPS_BUILD_BASE_IMAGE, else python:<model\'s major.minor>-slim)')
    .option('--verbose', 'print the engine\'s build output on stderr')
    .action(async (options: DeployOptions, command: Command) => {
      requireName(options.name, command);
      if ((options.version === undefined) === (options.alias === undefined)) {
        command.error(`mlops deploy: give exactly one of --version and --alias (got ${options.version === undefined ? 'neither' : 'both'})`, { exitCode: 2, code: 'mlops.usage' });
      }
      const target = targetFor(options, io);
      requireConfirmation(target, options, io, `deploy '${options.name}'`);
      await target.check({ signal: io.signal });
      const chosen = await imageToDeploy(target, options, io);
      try {
        const result = await target.deploy(
          { name: options.name, image: chosen.image, model: chosen.model, port: options.port, changeCause: options.changeCause },
          { signal: io.signal, policy: policyOf(options), onProgress: stepPrinter(io) },
        );
        printResult(io, options, result);
      } catch (error) {
        reportLogTail(io, error);
        throw error;
      }
    });
  return deploy;
}

/** `mlops rollback`: a kept revision deployed again as a new revision (`kubectl rollout undo`). */
export function rollbackCommand(io: CliIo): Command {
  const rollback = new Command('rollback').description('deploy a kept revision again as a new revision (default: the previous one)');
  withConfirmOption(withPolicyOptions(withTargetOptions(rollback)))
    .option('--to-revision <n>', 'the revision to go back to (see mlops history)', positiveInteger)
    .option('--change-cause <text>', 'why (default: "Rolled back to revision N")')
    .action(async (options: RollbackOptions, command: Command) => {
      requireName(options.name, command);
      const target = targetFor(options, io);
      requireConfirmation(target, options, io, `roll back '${options.name}'`);
      try {
        const result = await target.rollback(options.name, options.toRevision, {
          signal: io.signal, policy: policyOf(options), onProgress: stepPrinter(io), changeCause: options.changeCause,
        });
        printResult(io, options, result);
      } catch (error) {
        reportLogTail(io, error);
        throw error;
      }
    });
  return rollback;
}

/** `mlops history`: a deployment's kept revisions, newest first (`kubectl rollout history`). */
export function historyCommand(io: CliIo): Command {
  const history = new Command('history').description('the kept revisions of a deployment, newest first, with status, model, image and change cause');
  withTargetOptions(history).action(async (options: TargetOptions, command: Command) => {
    requireName(options.name, command);
    const summary = await targetFor(options, io).history(options.name, { signal: io.signal });
    if (options.json) return printJson(io, summary);
    io.stdout(historyTable(summary));
  });
  return history;
}

function requireName(name: string, command: Command): void {
  const problem = deploymentNameProblem(name);
  if (problem) command.error(`mlops ${command.name()}: ${problem}`, { exitCode: 2, code: 'mlops.usage' });
}

function printResult(io: CliIo, options: { json?: boolean; name: string }, result: RolloutResult): void {
  if (options.json) return printJson(io, { deployment: options.name, ...result });
  const { revision, previous } = result;
  if (result.skipped) return void io.stdout(`${result.skipped}: revision ${revision.revision} of '${options.name}' serves ${modelText(revision)} on port ${revision.port}\n`);
  const was = previous ? ` (was revision ${previous.revision}, ${modelText(previous)})` : '';
  io.stdout(`revision ${revision.revision} of '${options.name}' serves ${modelText(revision)} on port ${revision.port}${was}: ${revision.image.reference} ${revision.image.digest}\n`);
}

export function historyTable(summary: DeploymentSummary): string {
  const rows = summary.revisions.map((r) => [
    String(r.revision), r.current ? '*' : '', r.served ? r.status : `failed (${r.status})`, r.model?.name ?? '-', r.model?.version ?? '-',
    String(r.port), r.image.reference, r.image.digest.slice(0, 19), formatTime(r.createdAt), r.changeCause,
  ]);
  return renderTable(['REVISION', 'CURRENT', 'STATUS', 'MODEL', 'VERSION', 'PORT', 'IMAGE', 'DIGEST', 'CREATED', 'CHANGE CAUSE'], rows);
}

function modelText(revision: Revision): string {
  return revision.model ? `${revision.model.name} v${revision.model.version}` : revision.image.reference;
}

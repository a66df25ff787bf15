import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitError } from '../../core/git/gitErrors';
import { GitRepository } from '../../core/git/gitRepository';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import { requireTrust } from '../../vscode/workspaceTrust';
import { COMMIT_TAG, SOURCE_NAME_TAG, runLabel } from './runItem';
import { requireRun } from './runsCommands';
import type { RunNode } from './runsNodes';

const SCHEME = 'mlops-git';

/** Checking out the commit a run was made from, and diffing its code with the working tree. */
export function registerRunCodeCommands(context: vscode.ExtensionContext, commands: CommandRegistry): void {
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, new CommitFileProvider()));
  commands.register('mlops.runs.checkoutCommit', async (command, node) => {
    requireTrust('Checking out a run\'s code');
    const run = requireRun(node);
    const commit = commitOf(run);
    const repo = await repositoryOf(run, command.signal);
    const short = commit.slice(0, 8);
    const choice = await vscode.window.showWarningMessage(
      `Check out commit ${short}, the code of run "${runLabel(run.run)}"?`,
      { modal: true, detail: `${repo.root} switches to a detached HEAD at ${commit}. Uncommitted changes block this; nothing is stashed or lost.` },
      'Check Out',
    );
    if (choice !== 'Check Out') return;
    try {
      await repo.checkout(commit, { signal: command.signal });
    } catch (error) {
      if (error instanceof GitError && error.code === 'DIRTY_WORK_TREE') {
        const next = await vscode.window.showWarningMessage(`Not checking out ${short}: ${error.reason}.`, 'Open Source Control');
        if (next) await vscode.commands.executeCommand('workbench.view.scm');
        return;
      }
      throw error;
    }
    vscode.window.setStatusBarMessage(`Checked out ${short} (detached HEAD)`, 5000);
  });
  commands.register('mlops.runs.diffWithWorkingTree', async (command, node) => {
    const run = requireRun(node);
    const commit = commitOf(run);
    const repo = await repositoryOf(run, command.signal);
    const file = await sourceFileIn(repo, commit, run.run.data.tags[SOURCE_NAME_TAG], command.signal);
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${file}`, query: JSON.stringify({ root: repo.root, commit }) });
    const right = vscode.Uri.file(path.join(repo.root, file));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${path.basename(file)} (run ${runLabel(run.run)} @ ${commit.slice(0, 8)}) ↔ working tree`);
  });
}

class CommitFileProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { root, commit } = JSON.parse(uri.query) as { root: string; commit: string };
    const repo = await GitRepository.open(root);
    const text = await repo?.fileAt(commit, uri.path.slice(1));
    if (text === undefined) throw new UserError(`${uri.path.slice(1)} is not in commit ${commit.slice(0, 8)}`);
    return text;
  }
}

function commitOf(run: RunNode): string {
  const commit = run.run.data.tags[COMMIT_TAG];
  if (!commit) throw new UserError(`Run "${runLabel(run.run)}" has no ${COMMIT_TAG} tag: MLflow records it when a run starts inside a git repository.`);
  return commit;
}

async function repositoryOf(run: RunNode, signal: AbortSignal): Promise<GitRepository> {
  const repo = await GitRepository.open(run.folder.uri.fsPath, { signal });
  if (!repo) throw new UserError(`${run.folder.name} is not a git repository, so the run's commit cannot be checked out or compared here.`);
  return repo;
}

/** The run's entry script as a path in the repository: MLflow records it as the path it was run from. */
async function sourceFileIn(repo: GitRepository, commit: string, sourceName: string | undefined, signal: AbortSignal): Promise<string> {
  if (!sourceName) throw new UserError(`The run does not say which file it ran (no ${SOURCE_NAME_TAG} tag).`);
  const candidates = [
    path.isAbsolute(sourceName) ? repo.toRepositoryPath(sourceName) : sourceName.split(path.sep).join('/'),
    path.basename(sourceName),
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if ((await repo.fileAt(commit, candidate, { signal })) !== undefined) return candidate;
  }
  throw new UserError(`${sourceName} is not in commit ${commit.slice(0, 8)} of ${repo.root}.`);
}

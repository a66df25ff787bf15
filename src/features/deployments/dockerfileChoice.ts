import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../vscode/userError';

/** What a build starts from: the generated serving context, or a Dockerfile of the workspace with its folder as context. */
export type BuildSource = { kind: 'generated' } | { kind: 'dockerfile'; dockerfile: string; contextDir: string };

const DOCKERFILES = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile}';
// Dependencies and stores hold Dockerfiles of other projects, never the user's serving image.
const NOT_THE_USERS = '**/{node_modules,.venv,venv,.git,mlruns,.tox,site-packages}/**';

export function dockerfileSource(dockerfile: string): BuildSource {
  return { kind: 'dockerfile', dockerfile, contextDir: path.dirname(dockerfile) };
}

/** How the confirmation says what the build starts from. */
export function describeBuildSource(source: BuildSource, folder: vscode.WorkspaceFolder | undefined): string {
  if (source.kind === 'generated') return "the generated serving context (MLflow's scoring server with /metrics)";
  const shown = folder ? path.relative(folder.uri.fsPath, source.dockerfile) || path.basename(source.dockerfile) : source.dockerfile;
  return `${shown} (its folder is the build context; its .dockerignore applies)`;
}

/**
 * The generated serving context unless the model's workspace folder has Dockerfiles; then the user
 * picks. `given` (an absolute path, or "generated") answers without asking, for scripts and tests.
 */
export async function chooseBuildSource(folder: vscode.WorkspaceFolder | undefined, given: string | undefined): Promise<BuildSource | undefined> {
  if (given === 'generated') return { kind: 'generated' };
  if (given !== undefined) {
    if (!path.isAbsolute(given)) throw new UserError(`Build Image takes the Dockerfile as an absolute path, got "${given}".`);
    return dockerfileSource(given);
  }
  if (!folder) return { kind: 'generated' };
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, DOCKERFILES), NOT_THE_USERS, 50);
  if (found.length === 0) return { kind: 'generated' };
  const generated = { label: '$(package) Generated serving image', detail: "MLflow's scoring server for the model, with /metrics (setting mlops.build.baseImage)", source: { kind: 'generated' } as BuildSource };
  const files = found
    .map((uri) => uri.fsPath)
    .sort()
    .map((file) => ({ label: `$(file) ${path.relative(folder.uri.fsPath, file)}`, detail: `Built with ${path.relative(folder.uri.fsPath, path.dirname(file)) || 'the workspace folder'} as its context`, source: dockerfileSource(file) }));
  const picked = await vscode.window.showQuickPick([generated, ...files], { title: 'Build the image from', placeHolder: 'The generated serving image, or a Dockerfile of the workspace' });
  return picked?.source;
}

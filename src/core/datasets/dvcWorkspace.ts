import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDvcDefinition } from './dvcFileParser';
import { type FindDvcFilesOptions, findDvcFiles } from './dvcFileFinder';
import type { DvcWorkspace } from './dvcTypes';

/** Larger than any real definition; a bigger file is not read whole into memory. */
const maxDefinitionBytes = 16 * 1024 * 1024;

/** Every DVC output and dependency defined in the workspace; one unreadable file is a problem, not a failure. */
export async function loadDvcWorkspace(root: string, options: FindDvcFilesOptions = {}): Promise<DvcWorkspace> {
  const found = await findDvcFiles(root, options);
  const workspace: DvcWorkspace = { outputs: [], dependencies: [], problems: [...found.problems], files: found.files, truncated: found.truncated };
  for (const file of found.files) {
    options.signal?.throwIfAborted();
    const text = await readDefinition(path.join(root, file));
    if (typeof text !== 'string') {
      workspace.problems.push({ item: file, message: text.error });
      continue;
    }
    const content = parseDvcDefinition(text, file);
    workspace.outputs.push(...content.outputs);
    workspace.dependencies.push(...content.dependencies);
    workspace.problems.push(...content.problems);
  }
  return workspace;
}

async function readDefinition(file: string): Promise<string | { error: string }> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.size > maxDefinitionBytes) return { error: `${stat.size} bytes is too large for a DVC file` };
    return await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    return { error: `cannot read: ${(error as Error).message}` };
  }
}

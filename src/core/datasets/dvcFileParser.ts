import * as path from 'node:path';
import { parse } from 'yaml';
import type { StoreProblem } from '../tracking/types';
import { type YamlNode, isMapping, readEntries, scalar } from './dvcEntries';
import type { DvcFileContent } from './dvcTypes';

/** Parses a .dvc file or a dvc.lock, chosen by the file name. */
export function parseDvcDefinition(text: string, definedIn: string): DvcFileContent {
  return path.posix.basename(definedIn) === 'dvc.lock' ? parseDvcLock(text, definedIn) : parseDvcFile(text, definedIn);
}

/** A .dvc file: `outs` (and `deps` for imports), paths relative to its folder and optional `wdir`. */
export function parseDvcFile(text: string, definedIn: string): DvcFileContent {
  const content: DvcFileContent = { outputs: [], dependencies: [], problems: [] };
  const document = parseYaml(text, definedIn, content.problems);
  if (document === undefined) return content;
  if (!isMapping(document)) {
    const message = document === '' ? 'the file is empty' : 'the top level is not a mapping';
    content.problems.push({ item: definedIn, message: `not a .dvc file: ${message}` });
    return content;
  }
  if (document.outs === undefined) {
    content.problems.push({ item: definedIn, message: "not a .dvc file: no 'outs'" });
    return content;
  }
  const context = { definedIn, wdir: scalar(document.wdir) };
  content.outputs = readEntries(document.outs, 'outs', context, content.problems).map(({ repo: _repo, ...output }) => output);
  content.dependencies = readEntries(document.deps, 'deps', context, content.problems);
  return content;
}

/** A dvc.lock: schema 2 (`schema: '2.0'`, `stages.<name>`) or DVC 1's stage-per-key layout. */
export function parseDvcLock(text: string, definedIn: string): DvcFileContent {
  const content: DvcFileContent = { outputs: [], dependencies: [], problems: [] };
  const document = parseYaml(text, definedIn, content.problems);
  if (document === undefined || document === '') return content;
  if (!isMapping(document)) {
    content.problems.push({ item: definedIn, message: 'not a dvc.lock: the top level is not a mapping' });
    return content;
  }
  let stages: YamlNode | undefined = document;
  const schema = scalar(document.schema);
  if (schema !== undefined) {
    if (!schema.startsWith('2.')) {
      content.problems.push({ item: definedIn, message: `dvc.lock schema ${schema} is not supported (expected 2.x)` });
      return content;
    }
    stages = document.stages;
  }
  if (stages === undefined) return content;
  if (!isMapping(stages)) {
    content.problems.push({ item: definedIn, message: "'stages' is not a mapping" });
    return content;
  }
  for (const [stage, body] of Object.entries(stages)) {
    if (!isMapping(body)) {
      content.problems.push({ item: definedIn, message: `stage '${stage}' is not a mapping` });
      continue;
    }
    const context = { definedIn, stage };
    content.outputs.push(...readEntries(body.outs, 'outs', context, content.problems).map(({ repo: _repo, ...output }) => output));
    content.dependencies.push(...readEntries(body.deps, 'deps', context, content.problems));
  }
  return content;
}

/** The document ('' when empty), or undefined after reporting why it is not YAML. */
function parseYaml(text: string, definedIn: string, problems: StoreProblem[]): YamlNode | undefined {
  try {
    return (parse(text, { schema: 'failsafe' }) as YamlNode | null | undefined) ?? '';
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.push({ item: definedIn, message: `not valid YAML: ${message}` });
    return undefined;
  }
}

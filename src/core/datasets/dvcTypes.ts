import type { StoreProblem } from '../tracking/types';

/**
 * How DVC hashed the data. `md5-dos2unix` is DVC 2's md5 (text files hashed with CRLF turned
 * into LF); DVC 3 marks its plain md5 with `hash: md5` and reads entries without it as the old kind.
 */
export type DvcHashKind = 'md5' | 'md5-dos2unix' | 'etag' | 'checksum';

/** One `outs` entry of a .dvc file or of a dvc.lock stage. */
export interface DvcOutput {
  /** workspace-relative with '/' separators; for data outside the workspace, the URL or path as written */
  path: string;
  /** the path as written in the file (relative to the file's folder): the output's identity across versions */
  declaredPath: string;
  /** a cloud URL, an absolute path or a path leaving the workspace */
  external: boolean;
  /** as written, including the `.dir` suffix of a directory's md5; null when the entry has none yet */
  hash: string | null;
  hashKind: DvcHashKind | null;
  size?: number;
  fileCount?: number;
  isDirectory: boolean;
  /** workspace-relative path of the .dvc or dvc.lock file */
  definedIn: string;
  /** the dvc.lock stage that produces it */
  stage?: string;
}

/** A `deps` entry; imports (`dvc import`) name the repository they come from. */
export interface DvcDependency extends DvcOutput {
  repo?: { url: string; rev?: string; revLock?: string };
}

/** One parsed .dvc or dvc.lock file; entries that could be read are kept beside the problems. */
export interface DvcFileContent {
  outputs: DvcOutput[];
  dependencies: DvcDependency[];
  problems: StoreProblem[];
}

export interface DvcWorkspace extends DvcFileContent {
  /** the .dvc and dvc.lock files read, workspace-relative */
  files: string[];
  /** the search stopped at its depth or count limit */
  truncated: boolean;
}

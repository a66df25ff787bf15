import type { FileChangeKind, FileCommit } from './gitTypes';

const recordStart = '\x1e';
const fieldSeparator = '\x1f';

/** The `--format` that {@link parseFileLog} reads; fields cannot contain the separators. */
export const fileLogFormat = `--format=${'%x1e'}%H%x1f%h%x1f%at%x1f%an%x1f%s`;

/**
 * Reads `git log --follow --name-status -z` output in {@link fileLogFormat}, newest first.
 * A merge commit lists no status; the file kept the path it has in the newer commit.
 */
export function parseFileLog(output: string, currentPath: string): FileCommit[] {
  const commits: FileCommit[] = [];
  let newerPath = currentPath;
  for (const record of output.split(recordStart)) {
    if (record.length === 0) continue;
    const headerEnd = record.indexOf('\0');
    const header = headerEnd < 0 ? record : record.slice(0, headerEnd);
    const [commit, shortCommit, seconds, author, subject] = header.split(fieldSeparator);
    if (subject === undefined) throw new Error(`unexpected git log record: ${JSON.stringify(header.slice(0, 200))}`);
    const nameStatus = headerEnd < 0 ? [] : record.slice(headerEnd + 1).replace(/^\n/, '').split('\0').filter((part) => part.length > 0);
    const entry: FileCommit = {
      commit,
      shortCommit,
      date: Number(seconds) * 1000,
      author,
      subject,
      path: newerPath,
      change: 'modified',
    };
    if (nameStatus.length >= 2) {
      const status = nameStatus[0];
      entry.change = changeKind(status);
      if ((status.startsWith('R') || status.startsWith('C')) && nameStatus.length >= 3) {
        entry.previousPath = nameStatus[1];
        entry.path = nameStatus[2];
      } else {
        entry.path = nameStatus[1];
      }
    }
    commits.push(entry);
    newerPath = entry.previousPath ?? entry.path;
  }
  return commits;
}

function changeKind(status: string): FileChangeKind {
  switch (status.charAt(0)) {
    case 'A':
      return 'added';
    case 'M':
      return 'modified';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    case 'C':
      return 'copied';
    case 'T':
      return 'typeChanged';
    default:
      return 'unknown';
  }
}

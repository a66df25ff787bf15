import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../../support/tempDir';

export interface GitFixture {
  dir: string;
  git(...args: string[]): string;
  write(relative: string, text: string): void;
  /** commits everything with a fixed author date (epoch seconds); returns the commit */
  commit(subject: string, seconds: number): string;
  cleanup(): void;
}

/** A fresh repository on branch main, configured only by itself (no system or user git config). */
export function makeGitFixture(): GitFixture {
  const temp = makeTempDir('git-fixture');
  const dir = path.join(temp.dir, 'repo');
  fs.mkdirSync(dir);
  const emptyConfig = path.join(temp.dir, 'gitconfig');
  fs.writeFileSync(emptyConfig, '');
  const git = (...args: string[]) => run(dir, args, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: emptyConfig });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Ada Lovelace');
  git('config', 'user.email', 'ada@example.com');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(relative, text) {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), text);
    },
    commit(subject, seconds) {
      git('add', '--all');
      const date = `@${seconds} +0000`;
      run(dir, ['commit', '--quiet', '-m', subject], { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: emptyConfig, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup: temp.cleanup,
  };
}

function run(cwd: string, args: string[], env: Record<string, string>): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

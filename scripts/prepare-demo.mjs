// Prepares the demo workspace: a copy of demo/workspace with the git history of demo/history.json.
//
//   node scripts/prepare-demo.mjs [targetDir] [--keep] [--json]
//
// targetDir defaults to .demo/workspace in the repository; it is recreated unless --keep finds it
// already prepared. --json prints { dir, commits } instead of the path.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = path.join(repoRoot, 'demo');
export const defaultDemoWorkspace = path.join(repoRoot, '.demo', 'workspace');
// Inside .git, so it never shows in the demo's own git status.
const marker = path.join('.git', 'mlops-studio-demo');

/**
 * Commit hashes depend on every byte of the commits, so git runs without the user's or the
 * system's configuration (autocrlf, hooks, signing, excludes) and every file gets mode 644.
 */
const gitEnv = (() => {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|AUTHOR_|COMMITTER_)/.test(name)) delete env[name];
  }
  return env;
})();

function git(dir, args, extraEnv = {}) {
  const result = spawnSync('git', args, { cwd: dir, env: { ...gitEnv, ...extraEnv }, encoding: 'utf8' });
  if (result.error) throw new Error(`git ${args[0]} failed: ${result.error.message} (is git installed?)`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited ${result.status} in ${dir}:\n${result.stderr}`);
  return result.stdout.trim();
}

function readRecipe() {
  return JSON.parse(fs.readFileSync(path.join(demoDir, 'history.json'), 'utf8'));
}

function writeFile(dir, relative, source) {
  const target = path.join(dir, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(demoDir, source), target);
  fs.chmodSync(target, 0o644);
}

function commit(dir, recipe, step, parent) {
  for (const [relative, source] of Object.entries(step.files)) writeFile(dir, relative, source);
  git(dir, ['add', '--', ...Object.keys(step.files)]);
  const tree = git(dir, ['write-tree']);
  const identity = {
    GIT_AUTHOR_NAME: step.author.name,
    GIT_AUTHOR_EMAIL: step.author.email,
    GIT_AUTHOR_DATE: step.date,
    GIT_COMMITTER_NAME: step.author.name,
    GIT_COMMITTER_EMAIL: step.author.email,
    GIT_COMMITTER_DATE: step.date,
  };
  const parents = parent ? ['-p', parent] : [];
  const hash = git(dir, ['commit-tree', tree, ...parents, '-m', step.message], identity);
  git(dir, ['update-ref', `refs/heads/${recipe.branch}`, hash]);
  return { hash, message: step.message, author: step.author.name, date: step.date };
}

function copyWorkspace(dir) {
  const source = path.join(demoDir, 'workspace');
  for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(source, path.join(entry.parentPath, entry.name));
    writeFile(dir, relative, path.join('workspace', relative));
  }
}

/** The last commit must hold exactly the git-tracked part of demo/workspace. */
function checkLastCommitIsWorkspace(dir) {
  const status = git(dir, ['status', '--porcelain', '--untracked-files=all']);
  if (status) {
    throw new Error(
      `demo/workspace differs from the last commit of demo/history.json (add the files to that commit's "files"):\n${status}`,
    );
  }
}

function readCommits(dir) {
  const log = git(dir, ['log', '--reverse', '--format=%H%x00%s%x00%an%x00%aI']);
  return log.split('\n').map((line) => {
    const [hash, message, author, date] = line.split('\0');
    return { hash, message, author, date };
  });
}

/** Replaces only what this script made: a mistyped target must never wipe someone's folder. */
function removePreviousDemo(target) {
  if (!fs.existsSync(target) || fs.readdirSync(target).length === 0) return;
  if (!fs.existsSync(path.join(target, marker))) {
    throw new Error(`${target} is not empty and was not made by prepare-demo.mjs: choose another folder or empty it yourself`);
  }
  fs.rmSync(target, { recursive: true, force: true });
}

/** Creates (or with keep, reuses) the demo workspace in dir; returns it with its commits, oldest first. */
export function prepareDemoWorkspace(dir = defaultDemoWorkspace, { keep = false } = {}) {
  const target = path.resolve(dir);
  if (keep && fs.existsSync(path.join(target, '.git'))) return { dir: target, commits: readCommits(target) };
  removePreviousDemo(target);
  fs.mkdirSync(target, { recursive: true });
  const recipe = readRecipe();
  git(target, ['init', '--quiet', '--initial-branch', recipe.branch]);
  fs.writeFileSync(path.join(target, marker), 'made by scripts/prepare-demo.mjs\n');
  const commits = [];
  for (const step of recipe.commits) commits.push(commit(target, recipe, step, commits.at(-1)?.hash));
  copyWorkspace(target);
  checkLastCommitIsWorkspace(target);
  return { dir: target, commits };
}

function main(argv) {
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const unknown = [...flags].filter((flag) => flag !== '--keep' && flag !== '--json');
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  if (unknown.length > 0 || positional.length > 1) {
    console.error('usage: node scripts/prepare-demo.mjs [targetDir] [--keep] [--json]');
    return 2;
  }
  const prepared = prepareDemoWorkspace(positional[0] ?? defaultDemoWorkspace, { keep: flags.has('--keep') });
  console.log(flags.has('--json') ? JSON.stringify(prepared) : prepared.dir);
  return 0;
}

// Run as a script (not imported by start-demo.mjs); Node gives import.meta.url with symlinks resolved.
if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}

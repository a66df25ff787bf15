import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareDemoWorkspace } from '../support/demoWorkspace';

// `npm run test:e2e`: a fresh demo workspace (what `npm start` opens), then the e2e suites in it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-e2e-'));
const { dir } = prepareDemoWorkspace(path.join(root, 'demo'));
const result = spawnSync(process.execPath, [path.join(__dirname, 'run.js'), '--workspace', dir, ...process.argv.slice(2)], { stdio: 'inherit' });
fs.rmSync(root, { recursive: true, force: true });
process.exit(result.status ?? 1);

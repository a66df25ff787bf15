import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareHostWorkspace } from './hostWorkspace';

// `npm run test:host`: writes the workspace (MLflow stores made by MLflow itself), then runs the
// suite inside code-server's extension host. Extra arguments go to the runner.
const root = path.join(os.tmpdir(), `mlops-host-${process.pid}`);
const workspace = prepareHostWorkspace(root);
const runner = path.join(__dirname, 'runInCodeServer.js');
const result = spawnSync(process.execPath, [runner, '--workspace', workspace, ...process.argv.slice(2)], { stdio: 'inherit' });
fs.rmSync(root, { recursive: true, force: true });
process.exit(result.status ?? 1);

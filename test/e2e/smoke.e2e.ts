import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/repoRoot';
import { testResultPath } from '../support/testResults';
import { runFromCommandPalette } from './commandPalette';
import { waitForNotification } from './notifications';
import './workbenchContext';

const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('smoke', () => {
  it('shows the extension version from the command palette', async function () {
    const { page } = this.workbench;
    await runFromCommandPalette(page, 'MLOps: Show Version');
    const toast = await waitForNotification(page, 'MLOps Studio');
    assert.match(toast, new RegExp(`MLOps Studio ${version.replaceAll('.', '\\.')}`));
    await this.workbench.screenshot(testResultPath('e2e-smoke-show-version.png'));
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'mlops-studio.mlops-studio';

describe('extension in the VS Code extension host', () => {
  it('is installed', () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is not among the loaded extensions`);
  });

  it('activates when mlops.showVersion runs', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await vscode.commands.executeCommand('mlops.showVersion');
    assert.equal(extension.isActive, true);
  });

  it('registers mlops.showVersion', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mlops.showVersion'));
  });
});

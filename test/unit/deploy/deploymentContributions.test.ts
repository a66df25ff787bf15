import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface Contributes {
  commands: { command: string; enablement?: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
  configuration: { properties: Record<string, { default?: unknown }> };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: Contributes;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
};
const { contributes } = manifest;

// Everything that builds, pushes, deploys or changes a deployment; the rest only reads.
const CHANGING = [
  'mlops.deployments.deploy',
  'mlops.deployments.buildImage',
  'mlops.deployments.pushImage',
  'mlops.deployments.signInRegistry',
  'mlops.deployments.rollback',
  'mlops.deployments.rollbackPrevious',
  'mlops.deployments.stop',
  'mlops.deployments.remove',
];

describe('deployment contributions (package.json)', () => {
  it('enables the changing commands only in trusted workspaces, and shows them in menus only there', () => {
    for (const id of CHANGING) {
      const command = contributes.commands.find((c) => c.command === id);
      assert.ok(command, `${id} is not contributed`);
      assert.equal(command.enablement, 'isWorkspaceTrusted', `${id} is enabled in untrusted workspaces`);
      const entries = Object.entries(contributes.menus).flatMap(([menu, items]) => items.filter((i) => i.command === id && i.when !== 'false').map((i) => ({ menu, when: i.when ?? '' })));
      for (const { menu, when } of entries) assert.match(when, /isWorkspaceTrusted/, `${id} shows in ${menu} without a trust check`);
    }
  });

  it('keeps the Docker host and build settings out of untrusted workspaces\' hands', () => {
    const { supported, restrictedConfigurations } = manifest.capabilities.untrustedWorkspaces;
    assert.equal(supported, 'limited');
    for (const key of ['mlops.docker.host', 'mlops.build.registry', 'mlops.build.baseImage']) assert.ok(restrictedConfigurations.includes(key), `${key} is not restricted`);
  });

  it('declares the deploy settings with their defaults', () => {
    const properties = contributes.configuration.properties;
    assert.equal(properties['mlops.deploy.autoRollback']?.default, true);
    assert.equal(properties['mlops.deploy.healthTimeoutSeconds']?.default, 60);
    assert.equal(properties['mlops.deploy.revisionHistoryLimit']?.default, 5);
    assert.equal(properties['mlops.docker.host']?.default, '');
  });
});

import * as assert from 'node:assert/strict';
import type { DeploymentsFeature } from '../../src/features/deployments/deploymentsFeature';
import type { DeploymentsNode } from '../../src/features/deployments/deploymentsNodes';
import type { ModelsFeature } from '../../src/features/models/modelsFeature';
import type { ModelVersionNode, ModelsNode } from '../../src/features/models/modelsNodes';
import { HOST_FOLDERS } from './hostWorkspace';

/** The lab folder's node of a registered model version in the Models view, as a user would right-click it. */
export async function labModelVersion(models: ModelsFeature, modelName: string, version: string): Promise<ModelVersionNode> {
  const kids = async (node?: ModelsNode) => (await models.tree.getChildren(node)) ?? [];
  const folder = (await kids()).find((n) => n.kind === 'folder' && n.folder.name === HOST_FOLDERS.lab);
  assert.ok(folder, 'no lab folder in the Models view');
  const model = (await kids(folder)).find((n) => n.kind === 'registeredModel' && n.model.name === modelName);
  assert.ok(model, `no ${modelName} in the Models view`);
  const found = (await kids(model)).find((n): n is ModelVersionNode => n.kind === 'modelVersion' && n.version.version === version);
  assert.ok(found, `no version ${version} of ${modelName}`);
  return found;
}

/** What the Deployments view shows of a node. */
export function itemText(deployments: DeploymentsFeature, node: DeploymentsNode): { label: string; description: string; contextValue: string } {
  const tree = deployments.tree.getTreeItem(node);
  const label = typeof tree.label === 'string' ? tree.label : (tree.label?.label ?? '');
  return { label, description: String(tree.description ?? ''), contextValue: tree.contextValue ?? '' };
}

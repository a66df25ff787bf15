import * as assert from 'node:assert/strict';
import { DeployError } from '../../../src/core/deploy/deployError';

/** The DeployError `work` fails with; fails the test when it succeeds or fails otherwise. */
export async function deployRejection(work: Promise<unknown>): Promise<DeployError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof DeployError, `expected a DeployError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { FakeMlflowServer, mlflowError } from './fakeMlflowServer';
import { API, storeFor } from './mlflowPayloads';
import type { RestTrackingStoreOptions } from '../../../src/core/tracking/rest';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('RestTrackingStore authentication', () => {
  let server: FakeMlflowServer;

  beforeEach(async () => {
    server = await FakeMlflowServer.start({ [`POST ${API}/experiments/search`]: () => ({ body: {} }) });
  });
  afterEach(() => server.close());

  /** The Authorization header the store sends, given its environment, options and credentials file. */
  async function sentAuthorization(
    env: NodeJS.ProcessEnv,
    options: RestTrackingStoreOptions = {},
    credentialsFile?: string,
    uri = server.url,
  ): Promise<string | undefined> {
    const t = storeFor(uri, env, options);
    try {
      if (credentialsFile !== undefined) {
        fs.mkdirSync(path.join(t.home, '.mlflow'));
        fs.writeFileSync(path.join(t.home, '.mlflow', 'credentials'), credentialsFile);
      }
      await t.store.listExperiments('active');
      return server.requests.at(-1)?.headers.authorization;
    } finally {
      t.dispose();
    }
  }

  it('sends nothing without credentials', async () => {
    assert.equal(await sentAuthorization({}), undefined);
  });

  it('sends basic auth from MLFLOW_TRACKING_USERNAME/PASSWORD', async () => {
    assert.equal(await sentAuthorization({ MLFLOW_TRACKING_USERNAME: 'ann', MLFLOW_TRACKING_PASSWORD: 'pä:ss' }), basic('ann', 'pä:ss'));
  });

  it('sends a bearer token from MLFLOW_TRACKING_TOKEN', async () => {
    assert.equal(await sentAuthorization({ MLFLOW_TRACKING_TOKEN: 'tok-1' }), 'Bearer tok-1');
  });

  it('sends basic auth only when both username/password and a token are set, as MLflow does', async () => {
    const env = { MLFLOW_TRACKING_USERNAME: 'ann', MLFLOW_TRACKING_PASSWORD: 'pw', MLFLOW_TRACKING_TOKEN: 'tok-1' };
    assert.equal(await sentAuthorization(env), basic('ann', 'pw'));
    assert.equal(await sentAuthorization({ MLFLOW_TRACKING_USERNAME: 'ann', MLFLOW_TRACKING_TOKEN: 'tok-1' }), 'Bearer tok-1');
  });

  it('reads ~/.mlflow/credentials, with the environment winning field by field', async () => {
    const file = '# MLflow credentials\n[mlflow]\nmlflow_tracking_username = file-user\nMLFLOW_TRACKING_PASSWORD: p%%w\n';
    assert.equal(await sentAuthorization({}, {}, file), basic('file-user', 'p%w'));
    assert.equal(await sentAuthorization({ MLFLOW_TRACKING_USERNAME: 'env-user' }, {}, file), basic('env-user', 'p%w'));
    assert.equal(await sentAuthorization({}, {}, '[other]\nmlflow_tracking_username = x\nmlflow_tracking_password = y\n'), undefined);
    assert.equal(await sentAuthorization({}, {}, '[DEFAULT]\nmlflow_tracking_password = shared\n[mlflow]\nmlflow_tracking_username = u\n'), basic('u', 'shared'));
  });

  it('prefers explicit credentials over the environment and the file', async () => {
    const env = { MLFLOW_TRACKING_USERNAME: 'env-user', MLFLOW_TRACKING_PASSWORD: 'env-pw', MLFLOW_TRACKING_TOKEN: 'env-token' };
    const file = '[mlflow]\nmlflow_tracking_username = f\nmlflow_tracking_password = g\n';
    assert.equal(await sentAuthorization(env, { credentials: { token: 'secret-token' } }, file), 'Bearer secret-token');
    assert.equal(await sentAuthorization(env, { credentials: { username: 'me', password: 'mine' } }, file), basic('me', 'mine'));
    // Incomplete explicit credentials leave the environment in charge.
    assert.equal(await sentAuthorization(env, { credentials: { username: 'me' } }), basic('env-user', 'env-pw'));
  });

  it('uses user:password in the URI as basic auth and never shows it', async () => {
    const uri = server.url.replace('http://', 'http://uri-user:uri%40pw@');
    assert.equal(await sentAuthorization({ MLFLOW_TRACKING_TOKEN: 'tok' }, {}, undefined, uri), basic('uri-user', 'uri@pw'));
    const t = storeFor(uri);
    try {
      assert.equal(t.store.uri, server.url);
    } finally {
      t.dispose();
    }
  });

  it('keeps secrets out of error messages', async () => {
    server.route(`POST ${API}/experiments/search`, () => mlflowError(401, 'UNAUTHENTICATED', 'bad credentials'));
    const uri = server.url.replace('http://', 'http://someone:hunter2@');
    const t = storeFor(uri, { MLFLOW_TRACKING_PASSWORD: 'hunter2', MLFLOW_TRACKING_TOKEN: 'tok-secret' }, { credentials: { token: 'tok-secret' } });
    try {
      await assert.rejects(t.store.listExperiments('active'), (error: unknown) => {
        assert.ok(error instanceof TrackingError);
        assert.equal(error.uri, server.url);
        assert.doesNotMatch(`${error.message} ${error.reason} ${JSON.stringify(error)}`, /hunter2|tok-secret|someone/);
        return true;
      });
    } finally {
      t.dispose();
    }
  });
});

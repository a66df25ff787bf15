import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

// The kubeconfig a test hands to its client (@kubernetes/client-node's KubeConfig.loadFromFile,
// `kubectl --kubeconfig`), and the self-signed certificate for https. JSON is valid YAML, so the
// file is written as JSON. Node has no API to make an X.509 certificate, hence openssl.

export const CONTEXT_NAME = 'fake-kube';

export interface KubeconfigInput {
  server: string;
  token: string;
  namespace: string;
  /** PEM of the server's certificate; without it the cluster entry skips TLS verification */
  caCert?: string;
}

export function writeKubeconfig(dir: string, input: KubeconfigInput): string {
  const cluster: Record<string, unknown> = { server: input.server };
  // client-node refuses a plain-http server unless the cluster entry skips TLS verification
  if (input.caCert) cluster['certificate-authority-data'] = Buffer.from(input.caCert).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: CONTEXT_NAME, cluster }],
    users: [{ name: `${CONTEXT_NAME}-user`, user: { token: input.token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: `${CONTEXT_NAME}-user`, namespace: input.namespace } }],
    'current-context': CONTEXT_NAME,
  };
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day, and its key. */
export async function makeSelfSignedCertificate(dir: string): Promise<{ key: string; cert: string }> {
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=fake-kube',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,digitalSignature,keyCertSign',
    '-addext', 'extendedKeyUsage=serverAuth',
  ], { timeout: 30_000 });
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}

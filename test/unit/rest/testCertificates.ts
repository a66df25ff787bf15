// A throwaway certificate authority, a server certificate for 127.0.0.1 and a client
// certificate, made with the openssl CLI into a temporary directory.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../../support/tempDir';

export interface TestCertificates {
  dir: string;
  caPath: string;
  serverKey: string;
  serverCert: string;
  ca: string;
  /** certificate and key in one PEM file, as MLFLOW_TRACKING_CLIENT_CERT_PATH expects */
  clientPemPath: string;
  cleanup: () => void;
}

export function makeTestCertificates(): TestCertificates {
  const { dir, cleanup } = makeTempDir('rest-tls');
  const file = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=MLOps Studio test CA']);
  issue('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue('client', '/CN=test-client', 'extendedKeyUsage=clientAuth\n');
  fs.writeFileSync(file('client-bundle.pem'), fs.readFileSync(file('client.pem'), 'utf8') + fs.readFileSync(file('client.key'), 'utf8'));
  return {
    dir,
    caPath: file('ca.pem'),
    ca: fs.readFileSync(file('ca.pem'), 'utf8'),
    serverKey: fs.readFileSync(file('server.key'), 'utf8'),
    serverCert: fs.readFileSync(file('server.pem'), 'utf8'),
    clientPemPath: file('client-bundle.pem'),
    cleanup,
  };

  function issue(name: string, subject: string, extensions: string): void {
    fs.writeFileSync(file(`${name}.ext`), extensions);
    openssl(['req', ...ec, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject]);
    openssl([
      'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '2', '-extfile', file(`${name}.ext`),
    ]);
  }
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('the TLS tests need the openssl command line tool to make certificates: install openssl (e.g. apt-get install openssl)');
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed:\n${result.stderr}`);
}

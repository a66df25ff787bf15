// Connection pools for one store, with the TLS options MLflow takes from its environment.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { TrackingError, describeError } from '../errors';
import type { TlsSettings } from './clientSettings';

export interface TransportAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Reads the certificate files; throws a TrackingError (INVALID_ARGUMENT) naming a file that cannot be read. */
export function createAgents(uri: string, tls: TlsSettings): TransportAgents {
  const httpsOptions: https.AgentOptions = { keepAlive: true };
  if (tls.insecure) httpsOptions.rejectUnauthorized = false;
  if (tls.serverCertPath !== null) {
    // Like requests' verify=<path>: the bundle replaces the default roots.
    httpsOptions.ca = readCaBundle(uri, tls.serverCertPath);
  }
  if (tls.clientCertPath !== null) {
    // requests' cert=<path>: one PEM file holding both the certificate and its private key.
    const pem = readFile(uri, 'MLFLOW_TRACKING_CLIENT_CERT_PATH', tls.clientCertPath);
    httpsOptions.cert = pem;
    httpsOptions.key = pem;
  }
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent(httpsOptions) };
}

export function destroyAgents(agents: TransportAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}

function readCaBundle(uri: string, bundlePath: string): string[] {
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(bundlePath).isDirectory();
  } catch (error) {
    throw unreadable(uri, 'MLFLOW_TRACKING_SERVER_CERT_PATH', bundlePath, error);
  }
  if (!isDirectory) return [readFile(uri, 'MLFLOW_TRACKING_SERVER_CERT_PATH', bundlePath)];
  // A c_rehash-style directory: every certificate file in it.
  return fs
    .readdirSync(bundlePath)
    .filter((name) => /\.(pem|crt|cer|\d+)$/i.test(name))
    .map((name) => readFile(uri, 'MLFLOW_TRACKING_SERVER_CERT_PATH', path.join(bundlePath, name)));
}

function readFile(uri: string, variable: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(uri, variable, file, error);
  }
}

function unreadable(uri: string, variable: string, file: string, error: unknown): TrackingError {
  return new TrackingError(uri, `cannot read ${variable} ${file}: ${describeError(error)}`, 'INVALID_ARGUMENT', { cause: error });
}

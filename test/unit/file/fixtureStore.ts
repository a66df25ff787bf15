// Hand-written MLflow file stores for the unit tests, laid out and formatted as MLflow 3 writes
// them (PyYAML safe_dump with sorted keys; one file per param, tag and metric).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../../support/tempDir';

export type Yaml = Record<string, string | number | null | Record<string, string>>;

function yamlScalar(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** The YAML text MLflow would write for a flat mapping (nested maps for input tags). */
export function toYaml(meta: Yaml): string {
  return Object.keys(meta)
    .sort()
    .map((key) => {
      const value = meta[key];
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value);
        if (entries.length === 0) return `${key}: {}\n`;
        return `${key}:\n${entries.map(([k, v]) => `  ${k}: ${yamlScalar(v)}\n`).join('')}`;
      }
      return `${key}: ${yamlScalar(value)}\n`;
    })
    .join('');
}

export class FixtureStore {
  readonly root: string;
  readonly cleanup: () => void;

  constructor(name: string) {
    const temp = makeTempDir(name);
    this.root = path.join(temp.dir, 'mlruns');
    this.cleanup = temp.cleanup;
    fs.mkdirSync(path.join(this.root, '.trash'), { recursive: true });
  }

  write(relative: string, content: string | Buffer): string {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  experiment(id: string, options: { name?: string; deleted?: boolean; creationTime?: number; tags?: Record<string, string> } = {}): string {
    const dir = options.deleted ? `.trash/${id}` : id;
    this.write(
      `${dir}/meta.yaml`,
      toYaml({
        artifact_location: `file://${this.root}/${id}`,
        creation_time: options.creationTime ?? 1700000000000,
        experiment_id: id,
        last_update_time: options.creationTime ?? 1700000000000,
        lifecycle_stage: options.deleted ? 'deleted' : 'active',
        name: options.name ?? `exp-${id}`,
      }),
    );
    for (const [key, value] of Object.entries(options.tags ?? {})) this.write(`${dir}/tags/${key}`, value);
    return dir;
  }

  /** A run folder as create_run leaves it: meta.yaml, metrics/, params/, artifacts/. */
  run(experimentDir: string, runId: string, meta: Partial<Yaml> = {}): string {
    const dir = `${experimentDir}/${runId}`;
    const experimentId = path.basename(experimentDir);
    const full: Yaml = {
      artifact_uri: `file://${this.root}/${experimentId}/${runId}/artifacts`,
      end_time: 1700000005000,
      entry_point_name: '',
      experiment_id: experimentId,
      lifecycle_stage: 'active',
      run_id: runId,
      run_name: `name-${runId}`,
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: 1700000000000,
      status: 3,
      user_id: 'alice',
    };
    for (const [key, value] of Object.entries(meta)) {
      if (value === undefined) delete full[key];
      else full[key] = value;
    }
    this.write(`${dir}/meta.yaml`, toYaml(full));
    for (const folder of ['metrics', 'params', 'artifacts']) fs.mkdirSync(path.join(this.root, dir, folder), { recursive: true });
    return dir;
  }
}

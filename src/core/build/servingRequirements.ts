// The requirements.txt the serving image installs: the model's own requirements plus MLflow
// (the scoring server) when they leave it out, pinned to the version that saved the model.
import type { MlflowModelInfo } from './mlflowModel';

export interface ServingRequirements {
  /** the content of the context's requirements.txt */
  content: string;
  /**
   * true when it names only packages, so it can be installed before the model is copied and the
   * installed packages stay cached across builds of new versions; false when it refers to files
   * of the model (-r, -c, local wheels), which must be in place first
   */
  selfContained: boolean;
}

/** Where the model folder is in the image; referring lines resolve against it. */
export const MODEL_DIR_IN_IMAGE = '/opt/mlops/model';

export function servingRequirements(info: MlflowModelInfo): ServingRequirements {
  const lines = info.requirements;
  const selfContained = lines.every((line) => !refersToFiles(line));
  const own = !selfContained && info.requirementsSource === 'requirements.txt' ? [`-r ${MODEL_DIR_IN_IMAGE}/requirements.txt`] : lines;
  const extra = lines.some((line) => ['mlflow', 'mlflow-skinny'].includes(packageName(line))) ? [] : [mlflowRequirement(info.mlflowVersion)];
  const header = `# Installed by the serving image: the model's ${info.requirementsSource ?? 'requirements (none recorded)'}${extra.length ? ' and MLflow' : ''}.`;
  return { content: [header, ...own, ...extra].join('\n') + '\n', selfContained };
}

function mlflowRequirement(version: string | null): string {
  return version && /^\d+(\.\d+)*([a-z0-9.+-]*)$/i.test(version) ? `mlflow==${version}` : 'mlflow';
}

/** The normalized project name of a requirement line (PEP 503), or '' for options and paths. */
export function packageName(line: string): string {
  if (line.startsWith('-') || refersToFiles(line)) return '';
  const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.trim())?.[1] ?? '';
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function refersToFiles(line: string): boolean {
  const trimmed = line.trim();
  if (/^(-r|-c|-e|--requirement|--constraint|--editable)\b/.test(trimmed)) return true;
  if (/^(\.{1,2}\/|\/|file:)/.test(trimmed)) return true;
  // A local archive, not a URL: `wheels/pkg-1.0-py3-none-any.whl`.
  return !trimmed.includes('://') && /\.(whl|tar\.gz|zip|tgz)(\s|;|$)/.test(trimmed);
}

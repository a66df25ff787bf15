// MLflow's rules for alias names (mlflow/utils/validation.py), checked before asking the server
// so the input box can say what is wrong while the user types.
const MAX_LENGTH = 255;

/** Why `alias` cannot be set, or undefined when MLflow accepts it. */
export function aliasNameProblem(alias: string): string | undefined {
  if (alias === '') return 'An alias needs a name.';
  if (!/^[\p{L}\p{N}_-]+$/u.test(alias)) return 'Names may only contain alphanumerics, underscores (_), and dashes (-).';
  if (alias.length > MAX_LENGTH) return `At most ${MAX_LENGTH} characters.`;
  if (alias.toLowerCase() === 'latest') return '"latest" is reserved by MLflow: models:/name/latest means the newest version.';
  if (/^[vV]\d+$/.test(alias)) return `"${alias}" is reserved: it reads as a version number.`;
  return undefined;
}

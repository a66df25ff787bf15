// How the inline metrics open the Compare panel. Kept free of `vscode` (the import is only a type)
// so text builders that embed the link can be unit-tested.
import type { CompareRunsArgument } from '../compare/compareSelection';

/** The one argument `mlops.runs.compare` receives from a hover link, a lens or the status bar. */
export type { CompareRunsArgument };

export const COMPARE_COMMAND = 'mlops.runs.compare';

/** A `command:` link for trusted Markdown; VS Code spreads the JSON array into the command's arguments. */
export function compareCommandUri(argument: CompareRunsArgument): string {
  return `command:${COMPARE_COMMAND}?${encodeURIComponent(JSON.stringify([argument]))}`;
}

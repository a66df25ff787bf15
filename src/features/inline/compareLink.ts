// How the inline metrics open the Compare panel. Kept free of `vscode` so text builders that
// embed the link can be unit-tested.

export const COMPARE_COMMAND = 'mlops.runs.compare';

/** The one argument `mlops.runs.compare` receives from a hover link, a lens or the status bar. */
export interface CompareRunsArgument {
  /** the workspace folder's URI (`Uri.toString()`), whose store holds the runs */
  folder: string;
  runIds: string[];
}

/** A `command:` link for trusted Markdown; VS Code spreads the JSON array into the command's arguments. */
export function compareCommandUri(argument: CompareRunsArgument): string {
  return `command:${COMPARE_COMMAND}?${encodeURIComponent(JSON.stringify([argument]))}`;
}

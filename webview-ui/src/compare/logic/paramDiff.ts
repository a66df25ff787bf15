/**
 * The parameter keys whose value is not the same in every run. A run without the parameter
 * counts as a difference: "not set" is a choice the reader must see.
 */
export function differingParamKeys(runs: readonly { params: Record<string, string> }[], keys: readonly string[]): string[] {
  return keys.filter((key) => {
    let first: string | undefined;
    for (let i = 0; i < runs.length; i++) {
      const value = Object.prototype.hasOwnProperty.call(runs[i].params, key) ? runs[i].params[key] : undefined;
      if (value === undefined) return true;
      if (i === 0) first = value;
      else if (value !== first) return true;
    }
    return false;
  });
}

// The subset of Python's configparser that ~/.mlflow/credentials uses: [sections], `key = value`
// or `key: value`, lower-cased keys, # and ; comment lines, indented continuation lines, the
// [DEFAULT] section seen through every other section, and %% / %(key)s interpolation.

export type IniSections = Map<string, Map<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map([['DEFAULT', new Map()]]);
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      lastKey = null;
      continue;
    }
    if (/^\s/.test(line) && current && lastKey !== null) {
      const previous = current.get(lastKey) ?? '';
      current.set(lastKey, previous === '' ? trimmed : `${previous}\n${trimmed}`);
      continue;
    }
    const header = /^\[(.+)\]\s*$/.exec(trimmed);
    if (header) {
      const name = header[1];
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = null;
      continue;
    }
    const delimiter = trimmed.search(/[=:]/);
    if (delimiter <= 0 || current === null) {
      lastKey = null;
      continue;
    }
    lastKey = trimmed.slice(0, delimiter).trim().toLowerCase();
    current.set(lastKey, trimmed.slice(delimiter + 1).trim());
  }
  return sections;
}

/** A value as configparser's `section.get(key)` returns it, or undefined. */
export function iniValue(sections: IniSections, section: string, key: string): string | undefined {
  const own = sections.get(section);
  if (own === undefined) return undefined;
  const defaults = sections.get('DEFAULT') ?? new Map<string, string>();
  const lookup = (k: string): string | undefined => own.get(k) ?? defaults.get(k);
  const raw = lookup(key.toLowerCase());
  if (raw === undefined) return undefined;
  return raw.replace(/%%|%\(([^)]+)\)s/g, (match, name: string | undefined) => {
    if (name === undefined) return '%';
    return lookup(name.toLowerCase()) ?? match;
  });
}

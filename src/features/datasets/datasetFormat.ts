// Text for dataset sizes, hashes, and MLflow's JSON schema and profile fields; no vscode here.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 3858 -> "3.8 KB" (binary multiples, as VS Code shows file sizes). */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
  return `${bytes < 0 ? '-' : ''}${shown} ${UNITS[unit]}`;
}

export function formatByteDelta(delta: number): string {
  return delta === 0 ? '±0 B' : `${delta > 0 ? '+' : ''}${formatBytes(delta)}`;
}

/** The first 8 characters of a hash, as git and DVC show them; a directory's `.dir` suffix dropped. */
export function shortHash(hash: string): string {
  return hash.replace(/\.dir$/, '').slice(0, 8);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export interface SchemaColumn {
  name: string;
  type: string;
}

/** The columns of an MLflow dataset schema: a column spec (pandas, Spark) or tensor spec (NumPy). */
export function schemaColumns(schema: string | null): SchemaColumn[] | undefined {
  const parsed = parseJson(schema);
  if (!isRecord(parsed)) return undefined;
  const colspec = parsed.mlflow_colspec;
  if (Array.isArray(colspec)) {
    return colspec.filter(isRecord).map((column, index) => ({ name: String(column.name ?? `column ${index + 1}`), type: columnType(column) }));
  }
  const tensorspec = parsed.mlflow_tensorspec;
  if (isRecord(tensorspec)) {
    const columns: SchemaColumn[] = [];
    for (const [part, text] of Object.entries(tensorspec)) {
      const specs = typeof text === 'string' ? parseJson(text) : text;
      if (!Array.isArray(specs)) continue;
      specs.filter(isRecord).forEach((spec, index) => {
        const tensor = isRecord(spec['tensor-spec']) ? spec['tensor-spec'] : {};
        const shape = Array.isArray(tensor.shape) ? ` [${tensor.shape.join(', ')}]` : '';
        columns.push({ name: typeof spec.name === 'string' ? spec.name : specs.length === 1 ? part : `${part} ${index + 1}`, type: `${String(tensor.dtype ?? spec.type ?? '?')}${shape}` });
      });
    }
    return columns;
  }
  return undefined;
}

/** The profile's fields as "key: value" lines; MLflow profiles are flat JSON objects. */
export function profileEntries(profile: string | null): [string, string][] {
  const parsed = parseJson(profile);
  if (!isRecord(parsed)) return profile ? [['profile', profile]] : [];
  return Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function columnType(column: Record<string, unknown>): string {
  const type = typeof column.type === 'string' ? column.type : JSON.stringify(column.type ?? '?');
  return column.required === false ? `${type} (optional)` : type;
}

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

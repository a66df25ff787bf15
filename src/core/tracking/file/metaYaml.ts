// The meta.yaml files MLflow writes with PyYAML's safe_dump and reads with its safe loader
// (YAML 1.1). Almost all of them are flat `key: scalar` lines, which a line reader handles far
// faster than a YAML parser; anything else goes to the `yaml` package in YAML 1.1 mode.
import { parse as parseYaml } from 'yaml';
import { pyyamlTags } from './pyyamlTags';

export type YamlValue = string | number | bigint | boolean | null | YamlValue[] | YamlMap | Date;
export interface YamlMap {
  [key: string]: YamlValue;
}

/** Why a meta.yaml could not be read, in words for a problem report. */
export class MetaYamlError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Keys and plain scalars that YAML 1.1 can only read as strings: no number, bool, null or date
// starts with a letter or `/` and consists of these characters, except the words below.
const PLAIN_KEY = /^[A-Za-z_][\w.-]*$/;
const PLAIN_STRING = /^[A-Za-z/][\w./:@+-]*$/;
const RESERVED_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
// Run ids are hex and may start with a digit: with a letter and nothing but letters and digits,
// only YAML 1.1's 0b/0x integers are not strings.
const DIGIT_LEADING_STRING = /^[0-9][0-9a-zA-Z]*[a-zA-Z][0-9a-zA-Z]*$/;
const PREFIXED_INTEGER = /^0(?:b[01]+|x[0-9a-fA-F]+)$/;
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;

/** Reads a meta.yaml file's bytes into its top-level mapping; throws MetaYamlError otherwise. */
export function parseMetaYaml(bytes: Uint8Array): YamlMap {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new MetaYamlError('not valid UTF-8');
  }
  const fast = readFlatYaml(text);
  if (fast) return fast;
  let parsed: unknown;
  try {
    parsed = parseYaml(text, {
      version: '1.1',
      customTags: pyyamlTags,
      intAsBigInt: true,
      uniqueKeys: false,
      logLevel: 'error',
    });
  } catch (error) {
    throw new MetaYamlError(`invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) throw new MetaYamlError('empty');
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new MetaYamlError('not a YAML mapping');
  return normalize(parsed as YamlMap) as YamlMap;
}

// Integers become numbers where that is exact, and stay bigint where it is not (ids > 2^53).
function normalize(value: YamlValue): YamlValue {
  if (typeof value === 'bigint') return toInteger(value.toString());
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: YamlMap = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalize(item);
    return out;
  }
  return value;
}

function toInteger(digits: string): number | bigint {
  const number = Number(digits);
  return Number.isSafeInteger(number) ? number : BigInt(digits);
}

/** The flat form MLflow writes, or undefined when the text needs a real YAML parser. */
function readFlatYaml(text: string): YamlMap | undefined {
  const result: YamlMap = {};
  // `key:` opens a nested mapping; YAML reads it as null if no indented entry follows.
  let nestedKey: string | undefined;
  let nested: YamlMap | undefined;
  let count = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const indented = line.startsWith('  ');
    const entry = indented ? line.slice(2) : line;
    const colon = entry.indexOf(': ');
    const key = colon === -1 ? (entry.endsWith(':') ? entry.slice(0, -1) : undefined) : entry.slice(0, colon);
    if (key === undefined || !PLAIN_KEY.test(key) || RESERVED_WORDS.test(key)) return undefined;
    if (indented) {
      if (nestedKey === undefined || colon === -1) return undefined;
      const value = readScalar(entry.slice(colon + 2));
      if (value === undefined) return undefined;
      nested ??= result[nestedKey] = {};
      nested[key] = value;
      continue;
    }
    nestedKey = undefined;
    nested = undefined;
    count++;
    if (colon === -1) {
      nestedKey = key;
      result[key] = null;
      continue;
    }
    const value = readScalar(entry.slice(colon + 2));
    if (value === undefined) return undefined;
    result[key] = value;
  }
  return count === 0 ? undefined : result;
}

function readScalar(raw: string): YamlValue | undefined {
  if (raw === 'null') return null;
  if (raw === '[]') return [];
  if (raw === '{}') return {};
  if (INTEGER.test(raw)) return toInteger(raw);
  const quoted = SINGLE_QUOTED.exec(raw);
  if (quoted) return quoted[1].replace(/''/g, "'");
  if (PLAIN_STRING.test(raw) && !RESERVED_WORDS.test(raw)) return raw;
  if (DIGIT_LEADING_STRING.test(raw) && !PREFIXED_INTEGER.test(raw)) return raw;
  return undefined;
}

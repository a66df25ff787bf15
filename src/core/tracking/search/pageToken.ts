// MLflow's page tokens: base64 of the JSON `{"offset": N}`. Reading one follows
// SearchUtils.parse_start_offset_from_page_token: Python's lenient base64 decoder (characters
// outside the alphabet are skipped, decoding stops at completing padding), json.loads, and int()
// on the offset, so "5", 5.9 and true are offsets too, and a falsy offset (0, "") is invalid.
import { invalid } from './searchError';
import { asciiDigits, pyRepr, pyStrip, pyTypeName, pyValueRepr } from './pythonText';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** binascii.a2b_base64 without strict mode. */
function decodeBase64Leniently(text: string): Uint8Array {
  const bytes: number[] = [];
  let quadPosition = 0;
  let leftover = 0;
  let pads = 0;
  for (const ch of text) {
    if (ch === '=') {
      if (quadPosition >= 2 && quadPosition + ++pads >= 4) return Uint8Array.from(bytes);
      continue;
    }
    const sextet = ALPHABET.indexOf(ch);
    if (sextet < 0) continue;
    pads = 0;
    if (quadPosition === 1) bytes.push(((leftover << 2) | (sextet >> 4)) & 0xff);
    else if (quadPosition === 2) bytes.push(((leftover << 4) | (sextet >> 2)) & 0xff);
    else if (quadPosition === 3) bytes.push(((leftover << 6) | sextet) & 0xff);
    leftover = sextet & [0x3f, 0x0f, 0x03, 0x00][quadPosition];
    quadPosition = (quadPosition + 1) % 4;
  }
  if (quadPosition !== 0) invalid('Invalid page token, could not base64-decode');
  return Uint8Array.from(bytes);
}

/** Python's int() of a JSON value; undefined where int() raises. */
function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const digits = asciiDigits(pyStrip(value));
  if (!/^[+-]?\d+(_\d+)*$/.test(digits)) return undefined;
  return Number(digits.replaceAll('_', ''));
}

/** The offset a page token encodes; 0 without a token. */
export function parsePageToken(pageToken: string | undefined | null): number {
  if (!pageToken) return 0;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(pageToken)) invalid('string argument should contain only ASCII characters');
  const decoded = decodeBase64Leniently(pageToken);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decoded));
  } catch {
    invalid(`Invalid page token, decoded value=b${pyRepr(String.fromCharCode(...decoded))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    invalid(`'${pyTypeName(parsed)}' object has no attribute 'get'`);
  }
  const offsetValue = (parsed as Record<string, unknown>).offset;
  const isFalsy =
    offsetValue === undefined || offsetValue === null || offsetValue === false || offsetValue === 0 || offsetValue === '' ||
    (Array.isArray(offsetValue) && offsetValue.length === 0) ||
    (typeof offsetValue === 'object' && offsetValue !== null && Object.keys(offsetValue).length === 0);
  if (isFalsy) invalid(`Invalid page token, parsed value=${pyValueRepr(parsed)}`);
  const offset = pythonInt(offsetValue);
  if (offset === undefined) {
    invalid(`Invalid page token, not stringable ${typeof offsetValue === 'string' ? offsetValue : pyValueRepr(offsetValue)}`);
  }
  return offset;
}

/** SearchUtils.create_page_token: base64 of Python's json.dumps({"offset": offset}). */
export function createPageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

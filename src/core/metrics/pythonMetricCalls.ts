// Finds the calls in Python source that log MLflow metrics, with the metric keys written as
// literals. Keys built at run time (f-strings with fields, variables, concatenation, **kwargs)
// are counted but not returned: nothing can say what they are before the code runs.
import {
  type CallArgument, callArguments, dictEntries, isOp, literalString, splitBracketed, type TokenSpan,
} from './pythonCallArguments';
import { type PythonToken, tokenizePython } from './pythonTokens';
import { offsetToPosition, lineStarts, type SourceRange } from './sourcePositions';

export type { SourcePosition, SourceRange } from './sourcePositions';

export type MetricFunction = 'log_metric' | 'log_metrics';

export interface LoggedMetricKey {
  key: string;
  /** the literal (quotes and prefix included), or the name in `dict(name=...)` */
  range: SourceRange;
}

export interface MetricCall {
  function: MetricFunction;
  /** the function's name where it is called */
  nameRange: SourceRange;
  /** from the function's name to the closing parenthesis */
  range: SourceRange;
  keys: LoggedMetricKey[];
  /** keys known only at run time, left out of `keys` */
  dynamicKeys: number;
}

/**
 * Which signature a call has: MLflow's module functions take the key first
 * (`mlflow.log_metric(key, value)`); MlflowClient's method takes the run first
 * (`client.log_metric(run_id, key, value)`).
 */
type CallForm = 'module' | 'client';

interface Aliases {
  /** names the mlflow module is imported as */
  modules: Set<string>;
  /** names MLflow's functions are imported as */
  functions: Map<string, MetricFunction>;
}

const FUNCTIONS: readonly MetricFunction[] = ['log_metric', 'log_metrics'];

export function findMetricCalls(source: string): MetricCall[] {
  const tokens = tokenizePython(source);
  const aliases = importAliases(tokens);
  const starts = lineStarts(source);
  const range = (start: number, end: number): SourceRange => ({ start: offsetToPosition(starts, start), end: offsetToPosition(starts, end) });
  const calls: MetricCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i];
    if (name.kind !== 'name' || !isOp(tokens[i + 1], '(')) continue;
    const called = calledFunction(tokens, i, aliases);
    if (!called) continue;
    const bracketed = splitBracketed(tokens, i + 1);
    if (!bracketed) continue;
    const args = callArguments(tokens, bracketed.items);
    const found = called.fn === 'log_metric' ? metricKey(tokens, args, called.form) : metricsKeys(tokens, args);
    calls.push({
      function: called.fn,
      nameRange: range(name.start, name.end),
      range: range(name.start, tokens[bracketed.close].end),
      keys: found.keys.map(({ key, span }) => ({ key, range: range(tokens[span.start].start, tokens[span.end - 1].end) })),
      dynamicKeys: found.dynamic,
    });
  }
  return calls;
}

function calledFunction(tokens: readonly PythonToken[], i: number, aliases: Aliases): { fn: MetricFunction; form: CallForm } | undefined {
  const name = tokens[i].text;
  const before = tokens[i - 1];
  if (isOp(before, '.')) {
    const fn = FUNCTIONS.find((f) => f === name);
    if (!fn) return undefined;
    const receiver = tokens[i - 2];
    const isModule = receiver?.kind === 'name' && (receiver.text === 'fluent' || (aliases.modules.has(receiver.text) && !isOp(tokens[i - 3], '.')));
    return { fn, form: isModule ? 'module' : 'client' };
  }
  // `def log_metric(...)` defines a function; it logs nothing
  if (before?.kind === 'name' && (before.text === 'def' || before.text === 'class')) return undefined;
  const fn = aliases.functions.get(name);
  return fn ? { fn, form: 'module' } : undefined;
}

interface FoundKeys {
  keys: { key: string; span: TokenSpan }[];
  dynamic: number;
}

function keyOf(tokens: readonly PythonToken[], span: TokenSpan | undefined): FoundKeys {
  if (!span) return { keys: [], dynamic: 1 };
  const key = literalString(tokens, span);
  if (key === undefined) return { keys: [], dynamic: 1 };
  return { keys: [{ key, span: trimmedToLiteral(tokens, span) }], dynamic: 0 };
}

/** The span without the parentheses around the literal, so the range covers the string only. */
function trimmedToLiteral(tokens: readonly PythonToken[], span: TokenSpan): TokenSpan {
  let { start, end } = span;
  while (tokens[start].kind !== 'string') start++;
  while (tokens[end - 1].kind !== 'string') end--;
  return { start, end };
}

function keyword(args: readonly CallArgument[], name: string): TokenSpan | undefined {
  for (const argument of args) if (argument.kind === 'keyword' && argument.name === name) return argument.value;
  return undefined;
}

/** The `index`th positional argument; undefined when `*args` comes first, as its length is unknown. */
function positional(args: readonly CallArgument[], index: number): TokenSpan | undefined {
  let seen = 0;
  for (const argument of args) {
    if (argument.kind === 'unpacked' && !argument.double) return undefined;
    if (argument.kind !== 'positional') continue;
    if (seen === index) return argument.value;
    seen++;
  }
  return undefined;
}

function metricKey(tokens: readonly PythonToken[], args: readonly CallArgument[], form: CallForm): FoundKeys {
  return keyOf(tokens, keyword(args, 'key') ?? positional(args, form === 'module' ? 0 : 1));
}

function metricsKeys(tokens: readonly PythonToken[], args: readonly CallArgument[]): FoundKeys {
  const candidates = [keyword(args, 'metrics'), ...args.map((a) => (a.kind === 'positional' ? a.value : undefined))];
  for (const span of candidates) {
    const dict = span && dictEntries(tokens, span);
    if (!dict) continue;
    const found: FoundKeys = { keys: [], dynamic: dict.unknown };
    for (const entry of dict.entries) {
      if (entry.keyIsName) {
        found.keys.push({ key: tokens[entry.key.start].text, span: entry.key });
        continue;
      }
      const one = keyOf(tokens, entry.key);
      found.keys.push(...one.keys);
      found.dynamic += one.dynamic;
    }
    return found;
  }
  return { keys: [], dynamic: 1 };
}

/** `import mlflow as mf` and `from mlflow import log_metric as lm`, wherever they appear. */
function importAliases(tokens: readonly PythonToken[]): Aliases {
  const aliases: Aliases = { modules: new Set(['mlflow']), functions: new Map(FUNCTIONS.map((f) => [f, f])) };
  const isName = (i: number, text?: string) => tokens[i]?.kind === 'name' && (text === undefined || tokens[i].text === text);
  // a dotted name starting at `i`: its text and the index after it
  const dotted = (i: number): [string, number] => {
    let text = tokens[i].text;
    let j = i + 1;
    while (isOp(tokens[j], '.') && isName(j + 1)) {
      text += `.${tokens[j + 1].text}`;
      j += 2;
    }
    return [text, j];
  };
  for (let i = 0; i < tokens.length; i++) {
    if (isName(i, 'import') && isName(i + 1)) {
      let j = i + 1;
      for (;;) {
        const [module, after] = dotted(j);
        j = after;
        if (isName(j, 'as') && isName(j + 1)) {
          if (module === 'mlflow') aliases.modules.add(tokens[j + 1].text);
          j += 2;
        }
        if (!isOp(tokens[j], ',') || !isName(j + 1)) break;
        j++;
      }
    } else if (isName(i, 'from') && isName(i + 1)) {
      const [module, after] = dotted(i + 1);
      if (!isName(after, 'import')) continue;
      // the names after this `import` are not modules
      i = after;
      if (!/^mlflow(\.tracking\.fluent)?$/.test(module)) continue;
      let j = after + 1;
      if (isOp(tokens[j], '(')) j++;
      while (isName(j)) {
        const fn = FUNCTIONS.find((f) => f === tokens[j].text);
        const hasAlias = isName(j + 1, 'as') && isName(j + 2);
        if (fn && hasAlias) aliases.functions.set(tokens[j + 2].text, fn);
        j += hasAlias ? 3 : 1;
        if (!isOp(tokens[j], ',')) break;
        j++;
      }
    }
  }
  return aliases;
}

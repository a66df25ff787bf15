// Contexts where a deploy or rollback must be confirmed by typing the namespace (setting
// mlops.kubernetes.protectedContexts). Patterns are globs over the whole context name, case
// insensitive: `*` any run of characters, `?` one character. "prod" matches the context "prod"
// only; "*prod*" matches any name containing it, "*-prod" names ending in "-prod".

/** The first pattern that matches `context`, or undefined. */
export function protectingPattern(context: string, patterns: readonly string[]): string | undefined {
  return patterns.map((p) => p.trim()).filter((p) => p !== '').find((pattern) => globToRegExp(pattern).test(context));
}

export function isProtectedContext(context: string, patterns: readonly string[]): boolean {
  return protectingPattern(context, patterns) !== undefined;
}

/** The typed confirmation must be the namespace itself, as `kubectl delete namespace` users know it. */
export function namespaceConfirmed(typed: string | undefined, namespace: string): boolean {
  return typed !== undefined && typed.trim() === namespace;
}

function globToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

/** What a protected change asks the user to confirm: where (context, namespace) and what changes. */
export interface ProtectedConfirmation {
  title: string;
  prompt: string;
  /** what the typed text must be */
  expected: string;
}

export function protectedConfirmation(context: string, namespace: string, change: string, pattern: string): ProtectedConfirmation {
  return {
    title: `${change} in protected context '${context}'`,
    prompt: `Context '${context}' is protected (pattern "${pattern}"). This will ${change} in namespace '${namespace}'. Type the namespace '${namespace}' to confirm.`,
    expected: namespace,
  };
}

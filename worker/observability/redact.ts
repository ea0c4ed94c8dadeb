// Secrets never reach a log line: error messages and stacks can quote connection strings
// ("postgres://user:password@host"), Authorization values or tokens in query strings.
// Applied to every line except the per-request line, which holds no free text.

const REDACTED = "[redacted]";

const PATTERNS: readonly [RegExp, string][] = [
  // userinfo in any URL: scheme://user:password@host, scheme://token@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, `$1${REDACTED}@`],
  // Authorization schemes with their credential
  [/\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${REDACTED}`],
  // key=value pairs (query strings, DSNs, form bodies) and "key": "value" pairs
  [
    /\b((?:[a-z0-9]+[_-])*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|auth(?:orization)?|session|signature|sig)(?:[_-][a-z0-9]+)*)(=|%3D)[^&\s"',;]+/gi,
    `$1$2${REDACTED}`,
  ],
  [
    /("(?:[a-z0-9]+[_-])*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|authorization|cookie)(?:[_-][a-z0-9]+)*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
];

/** The text with every credential-looking part replaced by [redacted]. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

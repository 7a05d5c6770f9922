// Values that only stand in for a secret: templates, documentation examples, obvious fakes. Never findings.

const TEMPLATE = /^(env\([^)]*\)|<[^>]*>|\{\{[^}]*\}\}|\$\{[^}]*\}|\$\(?[A-Za-z_]\w*\)?|%[sd]|%\([^)]*\)s|\[[^\]]*\]|#\{[^}]*\})$/;
const FAKE_WORDS =
  /x{4,}|\*{3,}|\.{3}|…|your|change[-_ ]?me|changeit|replace|placeholder|example|sample|dummy|fake|mock|redacted|todo|insert|fixme|test|here|<|>|\{\{|\$\{|lorem|foobar|notasecret|not[-_]a[-_]secret|secret[-_]?key[-_]?goes|enter[-_ ]/i;

/** Keys that are public by design, whatever name they are given: publishable, client-side and analytics keys. */
const PUBLIC_KEY_PREFIX = /^(pk_(live|test)_|pk\.|phc_|sb_publishable_|rk_test_|G-[A-Z0-9]{6,}$|UA-\d+-\d+$|AW-\d+$)/;

export function isPublicKeyValue(value: string): boolean {
  return PUBLIC_KEY_PREFIX.test(value.trim());
}

/** Distinct characters in a string. */
function distinctCount(value: string): number {
  return new Set(value).size;
}

/** The random part of a value is trivially patterned: `0000…`, `1234567890…`, `abcabc…`. */
function isPatterned(body: string): boolean {
  if (body.length === 0) return true;
  if (distinctCount(body) <= Math.min(4, Math.ceil(body.length / 4))) return true;
  const lower = body.toLowerCase();
  if (/0123456789|123456789|abcdefgh|qwertyui/.test(lower)) return true;
  // A short unit repeated: `abcdabcdabcd`.
  for (let size = 1; size <= 8; size++) {
    if (body.length >= size * 3 && body.slice(0, size).repeat(Math.ceil(body.length / size)).slice(0, body.length) === body) return true;
  }
  return false;
}

/**
 * True for a template (`<your-key>`, `${API_KEY}`), an empty or documented stand-in (`changeme`, `your-key-here`,
 * `xxxx`, `sk_test_…`), or a value whose random part (`body`, after a provider prefix) is trivially patterned.
 */
export function isPlaceholder(value: string, body: string = value): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (TEMPLATE.test(trimmed)) return true;
  if (FAKE_WORDS.test(trimmed)) return true;
  return isPatterned(body);
}

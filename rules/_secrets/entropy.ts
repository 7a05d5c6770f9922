// Does a value look machine-generated (a key, a token) rather than written by a person (a word, a phrase,
// an identifier)? Used for values assigned to secret-named keys, where no provider prefix says what they are.

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

// Words people put in hand-made secrets and in names; what is left after removing them must still be random.
const HUMAN_WORDS = [
  'super', 'secret', 'password', 'passwd', 'pass', 'key', 'token', 'test', 'testing', 'dev', 'development',
  'local', 'localhost', 'admin', 'change', 'changeme', 'default', 'my', 'app', 'jwt', 'session', 'prod',
  'production', 'staging', 'auth', 'private', 'dummy', 'sample', 'example', 'demo', 'hello', 'world', 'qwerty',
  'letmein', 'welcome', 'foo', 'bar', 'baz', 'abc', 'user', 'root', 'please', 'random', 'string', 'long',
  'value', 'here', 'your', 'the', 'and', 'for', 'not', 'very', 'strong', 'insecure', 'unsafe', 'use', 'sign',
  'signing', 'cookie', 'api', 'server', 'client', 'access', 'refresh', 'encryption', 'encrypt', 'salt', 'hash',
  'keyboard', 'cat', 'dog', 'shh', 'top', 'mega', 'ultra', 'hard', 'safe', 'secure', 'open', 'sesame', 'love',
  'god', 'master', 'guest', 'temp', 'tmp', 'new', 'old', 'company', 'project', 'service', 'database', 'postgres',
  'mysql', 'redis', 'mongo', 'stripe', 'supabase', 'next', 'nextauth', 'react', 'node', 'express', 'webhook',
  'replace', 'with', 'something', 'generate', 'generated', 'real', 'fake', 'mock', 'none', 'null', 'true', 'false',
];
const HUMAN_WORD_PATTERN = new RegExp(HUMAN_WORDS.sort((a, b) => b.length - a.length).join('|'), 'gi');

function hasRun(value: string, length: number): boolean {
  // A long ascending run (`abcdef`, `123456`) or a repeated character (`aaaaaa`).
  let ascending = 1;
  let repeated = 1;
  for (let index = 1; index < value.length; index++) {
    const previous = value.charCodeAt(index - 1);
    const current = value.charCodeAt(index);
    ascending = current === previous + 1 ? ascending + 1 : 1;
    repeated = current === previous ? repeated + 1 : 1;
    if (ascending >= length || repeated >= length) return true;
  }
  return false;
}

export interface RandomnessOptions {
  /** Shortest value that can count (default 12). */
  minLength?: number;
}

/** True for values that look generated: long enough, varied, not words, not identifiers, not URLs or paths. */
export function looksRandom(value: string, options: RandomnessOptions = {}): boolean {
  const minLength = options.minLength ?? 12;
  if (value.length < minLength || value.length > 512) return false;
  if (/[\s()[\]{};,'"`<>]/.test(value)) return false; // code or prose, not a generated value
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[.~]?\//.test(value) || /^[\w.+-]+@[\w-]+\.[\w.]+$/.test(value)) return false;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return false; // an env var name, not its value
  if (/^[a-z]+([._:-][a-z]+)+$/i.test(value)) return false; // dotted or dashed words: `auth.token.cookie`
  if (/^\d+$/.test(value)) return false; // a number (an id, a port, a timestamp)
  if (hasRun(value, 6)) return false;
  // A phrase: mostly alphabetic segments between separators (`generate-with-openssl-rand-base64-32`).
  const segments = value.split(/[-_.:]+/).filter(Boolean);
  if (segments.length >= 3 && segments.filter((segment) => /^[a-z]{2,}$/i.test(segment)).length / segments.length >= 0.6) return false;

  const hasDigit = /\d/.test(value);
  const hasLetter = /[a-z]/i.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  const entropy = shannonEntropy(value);
  if (!hasLetter) return false;
  if (!hasDigit && !(value.length >= 24 && mixedCase && entropy >= 4)) return false;
  if (entropy < (value.length >= 16 ? 3.0 : 2.8)) return false;

  // What remains after removing human words must still be a random-looking run of characters.
  const rest = value.replace(HUMAN_WORD_PATTERN, ' ');
  const longestRest = Math.max(...rest.split(/\s+/).map((part) => part.replace(/[^A-Za-z0-9]/g, '').length));
  const restAlnum = rest.replace(/[^A-Za-z0-9]/g, '').length;
  return restAlnum >= 10 && longestRest >= 8;
}

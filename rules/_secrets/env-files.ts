// Dotenv files: `.env`, `.env.local`, `.env.production`, `prod.env`, and their committed templates.

const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$|(^|\/)[\w.-]+\.env$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults|tmpl|tpl)$/i;

export function isEnvFile(path: string): boolean {
  return ENV_FILE.test(path);
}

/** `.env.example` and friends: meant to be committed, with blanks or placeholders. */
export function isEnvTemplate(path: string): boolean {
  return ENV_FILE.test(path) && ENV_TEMPLATE.test(path);
}

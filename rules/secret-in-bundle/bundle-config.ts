// Build configuration that copies values into browser bundles: next.config `env` / `publicRuntimeConfig`, Vite
// `define` and webpack's DefinePlugin, Nuxt `runtimeConfig.public`, Expo `extra`. Any secret-named entry there
// ships to every visitor, whatever its prefix.
import { ts, type SourceFile } from 'ts-morph';
import { secretEnvName } from '../_secrets/secret-names.js';

export interface BundledEntry {
  /** The name the entry is known by in the bundle (or the env variable it copies). */
  name: string;
  line: number;
  /** Which mechanism: "next.config `env`", "Vite `define`". */
  mechanism: string;
  reason: string;
  /** `process.env` copied whole. */
  wholeEnv?: boolean;
}

const NEXT_CONFIG = /(^|\/)next\.config\.[cm]?[jt]s$/;
const NUXT_CONFIG = /(^|\/)nuxt\.config\.[cm]?[jt]s$/;
const EXPO_CONFIG = /(^|\/)app\.config\.[cm]?[jt]s$/;

export function isBundleConfig(path: string, text: string): boolean {
  return NEXT_CONFIG.test(path) || NUXT_CONFIG.test(path) || EXPO_CONFIG.test(path) || /(^|\/)vite\.config\.[cm]?[jt]s$/.test(path) || /DefinePlugin|define\s*:/.test(text);
}

function propertyName(node: ts.ObjectLiteralElementLike, sourceFile: ts.SourceFile): string | undefined {
  if (!node.name) return undefined;
  if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isNoSubstitutionTemplateLiteral(node.name)) return node.name.text;
  if (ts.isComputedPropertyName(node.name)) return node.name.expression.getText(sourceFile).replace(/^['"`]|['"`]$/g, '');
  return undefined;
}

/** The object literal a property or call argument holds, if it is one. */
function objectOf(node: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
  while (node && (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))) node = node.expression;
  return node && ts.isObjectLiteralExpression(node) ? node : undefined;
}

const WHOLE_ENV = /(^|[^.\w])process\.env(?!\s*[.[\w])|\.\.\.\s*process\.env\b/;
const ENV_READ = /\b(?:process\.env|import\.meta\.env)\.([A-Za-z_][A-Za-z0-9_]*)/g;

function entriesOf(object: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile, mechanism: string, found: BundledEntry[]): void {
  for (const property of object.properties) {
    const line = sourceFile.getLineAndCharacterOfPosition(property.getStart(sourceFile)).line + 1;
    const valueText = ts.isPropertyAssignment(property) ? property.initializer.getText(sourceFile) : property.getText(sourceFile);
    const key = ts.isSpreadAssignment(property) ? undefined : propertyName(property, sourceFile);
    if (WHOLE_ENV.test(valueText) || (key === 'process.env' && !/^\{\s*\}$/.test(valueText))) {
      found.push({ name: 'process.env', line, mechanism, reason: 'copies every environment variable', wholeEnv: true });
      continue;
    }
    const nested = ts.isPropertyAssignment(property) ? objectOf(property.initializer) : undefined;
    if (nested) {
      entriesOf(nested, sourceFile, mechanism, found);
      continue;
    }
    const candidates = [key?.split('.').pop(), ...[...valueText.matchAll(ENV_READ)].map((match) => match[1])].filter((name): name is string => Boolean(name));
    for (const name of candidates) {
      const secret = secretEnvName(name);
      if (secret) {
        found.push({ name, line, mechanism, reason: secret.reason });
        break;
      }
    }
  }
}

/** Secret-named entries of the bundle-copying sections of a config file. */
export function bundledEntries(path: string, sourceFile: SourceFile): BundledEntry[] {
  const root = sourceFile.compilerNode;
  const found: BundledEntry[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node, root);
      const object = objectOf(node.initializer);
      if (object) {
        if (NEXT_CONFIG.test(path) && (name === 'env' || name === 'publicRuntimeConfig')) entriesOf(object, root, `next.config \`${name}\``, found);
        else if (name === 'define') entriesOf(object, root, 'the bundler `define`', found);
        else if (NUXT_CONFIG.test(path) && name === 'public' && ts.isPropertyAssignment(node.parent.parent) && propertyName(node.parent.parent, root) === 'runtimeConfig') {
          entriesOf(object, root, 'Nuxt `runtimeConfig.public`', found);
        } else if (EXPO_CONFIG.test(path) && name === 'extra') entriesOf(object, root, 'Expo `extra`', found);
      }
    }
    if (ts.isNewExpression(node) && /DefinePlugin$/.test(node.expression.getText(root))) {
      const object = objectOf(node.arguments?.[0]);
      if (object) entriesOf(object, root, 'webpack `DefinePlugin`', found);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

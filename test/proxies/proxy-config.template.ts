import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Path of a template under test/proxies/<dir>/, also when this code runs
 * compiled elsewhere (`npm run start:nginx` runs it from dist-sample/test/proxies/,
 * where only the .js files are): then the source tree's copy is used.
 */
export function proxyTemplatePath(dir: string, file: string): string {
  const beside = join(__dirname, dir, file);
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', 'test', 'proxies', dir, file);
}

/** `files` -> `FILES_DIR`, `userUploads` -> `USER_UPLOADS_DIR`. */
export function dirPlaceholder(key: string): string {
  return `${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_DIR`;
}

/** The `{{NAME}}` tokens a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]))];
}

/** Replaces every `{{NAME}}`; throws on a token with no value, so typos fail loudly. */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  const missing = placeholdersOf(template).filter((name) => !(name in values));
  if (missing.length > 0) throw new Error(`no value for ${missing.map((n) => `{{${n}}}`).join(', ')}`);
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => String(values[name]));
}

/** Reads a config template from disk. */
export function readTemplate(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

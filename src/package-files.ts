/**
 * Where the package's own files are at run time. The package runs in two layouts:
 *
 * - from the TypeScript sources (a checkout, under the tsx loader: tests and development), where this
 *   module is `<root>/src/package-files.ts` and a module `envs/index.ts` is `<root>/envs/index.ts`;
 * - compiled (an installed package, or a checkout after `npm run build`), where this module is
 *   `<root>/dist/src/package-files.js` and the module is `<root>/dist/envs/index.js`.
 *
 * Every run-time lookup of a package file goes through this module: modules that worker threads load
 * ({@link moduleUrl}, {@link workerUrl}) and files shipped as they are — `package.json`, the trained
 * checkpoints, plain-JavaScript worker shims, the Python client ({@link packageFile}).
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `true` when the package runs from its TypeScript sources, `false` when it runs compiled from `dist/`. */
export const FROM_SOURCE: boolean = import.meta.url.endsWith('.ts');

/** The package root (the directory of its `package.json`), as a file URL ending in `/`. */
export const PACKAGE_ROOT: URL = new URL(FROM_SOURCE ? '../' : '../../', import.meta.url);

/** The directory the compiled modules are in, relative to the package root. */
const DIST = 'dist/';

function relative(path: string, what: string): string {
  if (path.startsWith('/') || path.startsWith('./') || path.startsWith('../') || path.includes('\\') || /^[a-z]+:/i.test(path)) {
    throw new Error(`${what} takes a path relative to the package root such as 'envs/index.ts'; got '${path}'.`);
  }
  return path;
}

/**
 * The URL of a file shipped as it is (not compiled), by its path from the package root: `package.json`,
 * `agents/checkpoints/`, `bridge/python/`, plain `.mjs` worker shims.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8'));
 * ```
 */
export function packageFile(path: string): URL {
  return new URL(relative(path, 'packageFile'), PACKAGE_ROOT);
}

/** {@link packageFile} as a file-system path. */
export function packageFilePath(path: string): string {
  return fileURLToPath(packageFile(path));
}

/**
 * The URL of one of the package's modules, named by its source path (`envs/index.ts`): that file when
 * running from the sources, its compiled `dist/…/*.js` otherwise.
 */
export function moduleUrl(sourcePath: string): URL {
  const path = relative(sourcePath, 'moduleUrl');
  if (!path.endsWith('.ts')) throw new Error(`moduleUrl takes the source path of a TypeScript module (ending in .ts); got '${path}'.`);
  return FROM_SOURCE ? new URL(path, PACKAGE_ROOT) : new URL(DIST + path.replace(/\.ts$/, '.js'), PACKAGE_ROOT);
}

/**
 * The file a worker thread starts from to run module `sourcePath`. Worker threads do not inherit the
 * TypeScript loader of the thread that starts them, so from the sources this is `boot`, a plain-JavaScript
 * shim (shipped as it is) that registers the loader and then imports the module; compiled, it is the
 * module itself.
 */
export function workerUrl(sourcePath: string, boot: string): URL {
  return FROM_SOURCE ? packageFile(boot) : moduleUrl(sourcePath);
}

/**
 * `true` when the package root (or `root`) is the top of a git checkout — a clone or a worktree — and not,
 * say, a folder in the `node_modules` of a user's repository, whose commit says nothing about the package.
 */
export function packageRootIsCheckout(root: URL = PACKAGE_ROOT): boolean {
  return existsSync(new URL('.git', root));
}

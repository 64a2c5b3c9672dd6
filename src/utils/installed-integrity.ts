/**
 * The integrity hash of the tarball an installed package came from. npm (7 and later) keeps it in the
 * hidden lock file `node_modules/.package-lock.json` of the project the package is installed into, under
 * `packages["node_modules/<name>"].integrity`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-files.ts';

/**
 * The SRI hash (`sha512-…`) npm recorded for package `name` installed at `root` (by default this package's
 * root), or `null` when the package is not in a `node_modules` folder or npm recorded none (a checkout, a
 * linked package, another package manager).
 */
export function installedIntegrity(name: string, root: string = fileURLToPath(PACKAGE_ROOT)): string | null {
  const dir = root.replace(/[\\/]+$/, '');
  const segments = name.split('/').length;
  let modules = dir;
  for (let i = 0; i < segments; i++) modules = dirname(modules);
  if (basename(modules) !== 'node_modules') return null;
  try {
    const lock = JSON.parse(readFileSync(join(modules, '.package-lock.json'), 'utf8')) as { packages?: Record<string, { integrity?: unknown }> };
    const integrity = lock.packages?.[`node_modules/${name}`]?.integrity;
    return typeof integrity === 'string' ? integrity : null;
  } catch {
    return null;
  }
}

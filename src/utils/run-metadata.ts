/**
 * Metadata recorded with every result file: package version, git commit, Node version, machine, time.
 * The git commit is the package's own: it is recorded only when the package root is itself a checkout
 * (development); an installed package records its version and, when npm recorded it, the integrity
 * hash of the tarball it was installed from.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { PACKAGE_ROOT, packageFile, packageRootIsCheckout } from '../package-files.ts';
import { installedIntegrity } from './installed-integrity.ts';

/** Facts about the run that produced a result. */
export interface RunMetadata {
  package: string;
  version: string;
  /** The commit of the package's checkout; `null` for an installed package (or without git). */
  gitCommit: string | null;
  /** Uncommitted changes in that checkout; `null` when there is no checkout. */
  gitDirty: boolean | null;
  /** The integrity hash (SRI) of the tarball the package was installed from, when npm recorded it; else `null`. */
  integrity: string | null;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  createdAt: string;
}

let cachedPackage: { name: string; version: string } | null = null;

/** Name and version of this package. */
export function packageInfo(): { name: string; version: string } {
  if (cachedPackage === null) {
    const raw = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
    cachedPackage = { name: raw.name, version: raw.version };
  }
  return cachedPackage;
}

function git(args: string[]): string | null {
  if (!packageRootIsCheckout()) return null;
  try {
    return execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Collects {@link RunMetadata} for the current process. */
export function runMetadata(): RunMetadata {
  const pkg = packageInfo();
  const status = git(['status', '--porcelain']);
  return {
    package: pkg.name,
    version: pkg.version,
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    integrity: installedIntegrity(pkg.name),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    createdAt: new Date().toISOString(),
  };
}

/** Canonical JSON (keys sorted) of a value, so that equal configs hash equally. */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  });
}

/** Short SHA-256 hash of the canonical JSON of a config. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJSON(config)).digest('hex').slice(0, 16);
}

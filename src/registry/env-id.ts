/**
 * Environment ids of the form `[namespace/]Name[-vN]`.
 * @module
 */
import { UnregisteredEnv } from '../core/errors.ts';

/** The parts of an environment id. */
export interface EnvIdParts {
  namespace: string | null;
  name: string;
  version: number | null;
}

const ID_RE = /^(?:(?<namespace>[\w:-]+)\/)?(?<name>[\w:.-]+?)(?:-v(?<version>\d+))?$/;

/**
 * Splits an id into namespace, name and version.
 *
 * @example
 * ```ts
 * parseEnvId('lab/EdgeLLM-v0'); // { namespace: 'lab', name: 'EdgeLLM', version: 0 }
 * ```
 * @throws {UnregisteredEnv} when the id does not have the form `[namespace/]Name[-vN]`.
 */
export function parseEnvId(id: string): EnvIdParts {
  const m = typeof id === 'string' ? ID_RE.exec(id) : null;
  if (m === null || m.groups === undefined) {
    throw new UnregisteredEnv(
      `Malformed environment id: ${JSON.stringify(id)}. Ids look like "Name-v0" or "namespace/Name-v0" (letters, digits, _ : . -).`,
    );
  }
  const { namespace, name, version } = m.groups;
  return { namespace: namespace ?? null, name: name!, version: version === undefined ? null : Number(version) };
}

/** Joins id parts back into an id. */
export function envId(namespace: string | null, name: string, version: number | null): string {
  return `${namespace === null ? '' : `${namespace}/`}${name}${version === null ? '' : `-v${version}`}`;
}

/**
 * Loading a heavy dependency on first use instead of at import. The package's entry points stay light
 * (importing `edgellm-gym` to make an environment loads no WebSocket, MessagePack, plotting or tensor
 * library); a module that needs one calls the loader this returns where it first uses it.
 * @module
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A function that loads package `specifier` synchronously with `require` on its first call and returns
 * the same module afterwards. Meant for dependencies that ship CommonJS (ws, msgpackr); pass the module's
 * type, e.g. `lazyRequire<typeof import('ws')>('ws')`.
 *
 * @example
 * ```ts
 * const msgpackr = lazyRequire<typeof import('msgpackr')>('msgpackr');
 * const packr = new (msgpackr().Packr)();
 * ```
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(specifier) as T);
}

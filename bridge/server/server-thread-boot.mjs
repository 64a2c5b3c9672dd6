/**
 * Bootstrap of the bridge's worker threads: worker threads do not inherit the parent's TypeScript loader,
 * so this plain module registers tsx in the thread when the entry point named in `workerData.entry` (a
 * file URL) is TypeScript (running from the sources), then imports it. Compiled entry points (`.js`, the
 * installed package) load without tsx, which is only a development dependency.
 * @module
 */
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);

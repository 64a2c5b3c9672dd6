/**
 * Bootstrap of the bridge's worker threads: worker threads do not inherit the parent's TypeScript loader,
 * so this plain module registers tsx in the thread and then imports the TypeScript entry point named in
 * `workerData.entry` (a file URL).
 * @module
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

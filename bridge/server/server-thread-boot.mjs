/**
 * Bootstrap of the server thread: worker threads do not inherit the parent's TypeScript loader, so this
 * plain module registers tsx in the thread and then imports the TypeScript entry point.
 * @module
 */
import { register } from 'tsx/esm/api';

register();
await import('./server-thread-worker.ts');

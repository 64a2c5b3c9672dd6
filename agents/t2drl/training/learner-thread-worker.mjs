// Worker-thread entry of the learners' shard threads when the package runs from its TypeScript sources.
// Worker threads do not inherit the TypeScript loader of the calling thread, so this plain-JavaScript shim
// registers it before loading the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./learner-thread-worker.ts');

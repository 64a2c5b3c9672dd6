// Worker-thread entry of AsyncVectorEnv. Worker threads do not inherit the TypeScript loader of the
// calling thread, so this plain-JavaScript shim registers it before loading the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./async-vector-worker.ts');

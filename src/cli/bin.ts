#!/usr/bin/env node
/**
 * The `edgellm-gym` command of the installed package (compiled to `dist/src/cli/bin.js`, which
 * `package.json` names in `bin`). It runs on plain Node.js; a checkout's `bin/edgellm-gym.js` runs the same
 * CLI from the TypeScript sources.
 * @module
 */
import { main } from './main.ts';

await main(process.argv);

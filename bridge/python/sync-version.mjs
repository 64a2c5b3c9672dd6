// Writes the npm package's version (package.json, the one source of truth) into the Python client's
// edgellm_bridge/_version.py. Run by the `version` script of package.json, so `npm version X` bumps both;
// test/bridge/python-package.test.ts checks that they agree.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const file = new URL('./edgellm_bridge/_version.py', import.meta.url);
const text = readFileSync(file, 'utf8');
const next = text.replace(/^__version__ = ".*"$/m, `__version__ = "${version}"`);
if (!/^__version__ = ".*"$/m.test(text)) throw new Error(`${file.pathname} has no __version__ line to update.`);
writeFileSync(file, next);

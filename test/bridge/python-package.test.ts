import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Python client's packaging: one version (package.json's) and the declared extras. */
describe('bridge/python packaging', () => {
  const read = (path: string) => readFileSync(path, 'utf8');
  const npmVersion = (JSON.parse(read('package.json')) as { version: string }).version;

  it("the client's version is the npm package's", () => {
    const m = /^__version__ = "([^"]+)"$/m.exec(read('bridge/python/edgellm_bridge/_version.py'));
    assert.ok(m, '_version.py has a __version__ line');
    assert.equal(m[1], npmVersion);
    const pyproject = read('bridge/python/pyproject.toml');
    assert.match(pyproject, /^dynamic = \["version"\]/m, 'pyproject.toml takes its version from the package');
    const project = /^\[project\]\n([^[]*)/m.exec(pyproject)?.[1] ?? '';
    assert.match(project, /^name = "edgellm-bridge"$/m);
    assert.doesNotMatch(project, /^version\s*=/m, 'the [project] table states no version of its own');
    assert.match(pyproject, /version = \{ attr = "edgellm_bridge\._version\.__version__" \}/);
    assert.match(read('bridge/python/edgellm_bridge/__init__.py'), /^from \._version import __version__$/m);
  });

  it('declares the extras gymnasium, pettingzoo, sb3 and ray', () => {
    const pyproject = read('bridge/python/pyproject.toml');
    const extras = /\[project\.optional-dependencies\]\n([\s\S]*?)\n\n/.exec(pyproject)?.[1] ?? '';
    assert.deepEqual(
      [...extras.matchAll(/^(\w+) = /gm)].map((m) => m[1]),
      ['gymnasium', 'pettingzoo', 'sb3', 'ray'],
    );
    assert.match(extras, /sb3 = \[[^\]]*"stable-baselines3/);
    assert.match(extras, /pettingzoo = \[[^\]]*"pettingzoo/);
  });

  it('`npm version` writes the new version into the client (sync-version.mjs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-version-'));
    try {
      mkdirSync(join(dir, 'bridge', 'python', 'edgellm_bridge'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edgellm-gym', version: '7.8.9-rc.1' }));
      copyFileSync('bridge/python/sync-version.mjs', join(dir, 'bridge', 'python', 'sync-version.mjs'));
      copyFileSync('bridge/python/edgellm_bridge/_version.py', join(dir, 'bridge', 'python', 'edgellm_bridge', '_version.py'));
      execFileSync(process.execPath, [join(dir, 'bridge', 'python', 'sync-version.mjs')]);
      const text = read(join(dir, 'bridge', 'python', 'edgellm_bridge', '_version.py'));
      assert.match(text, /^__version__ = "7\.8\.9-rc\.1"$/m);
      assert.equal(text.replace('7.8.9-rc.1', npmVersion), read('bridge/python/edgellm_bridge/_version.py'), 'only the version changes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.version ?? '', /sync-version\.mjs/);
  });
});

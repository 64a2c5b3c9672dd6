import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  FROM_SOURCE,
  PACKAGE_ROOT,
  moduleUrl,
  packageFile,
  packageFilePath,
  packageRootIsCheckout,
  workerUrl,
} from '../../src/package-files.ts';

describe('src/package-files', () => {
  it('from the sources: the root is the checkout, modules are the .ts files, workers start from their shims', () => {
    assert.equal(FROM_SOURCE, true);
    assert.equal(PACKAGE_ROOT.href, pathToFileURL(process.cwd() + '/').href);
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string };
    assert.equal(pkg.name, 'edgellm-gym');
    assert.equal(moduleUrl('envs/index.ts').href, pathToFileURL(join(process.cwd(), 'envs/index.ts')).href);
    const worker = workerUrl('src/vector/async-vector-worker.ts', 'src/vector/async-vector-worker.mjs');
    assert.ok(worker.href.endsWith('/src/vector/async-vector-worker.mjs') && existsSync(worker));
    assert.ok(existsSync(packageFilePath('agents/checkpoints/ppo-EdgeLLM-v0-s42.json')));
  });

  it('refuses paths that are not relative to the package root, and module paths that are not .ts', () => {
    for (const bad of ['/etc/passwd', '../x.ts', './envs/index.ts', 'file:///x.ts', 'envs\\index.ts']) {
      assert.throws(() => packageFile(bad), /relative to the package root/, bad);
    }
    assert.throws(() => moduleUrl('envs/index.js'), /ending in \.ts/);
  });

  it('compiled (dist/): the same root, modules and workers are the compiled .js files', async function () {
    const compiled = join(process.cwd(), 'dist/src/package-files.js');
    if (!existsSync(compiled)) {
      console.log('    skipping the dist/ layout: the package is not built (npm run build)');
      this.skip();
    }
    const dist = (await import(pathToFileURL(compiled).href)) as typeof import('../../src/package-files.ts');
    assert.equal(dist.FROM_SOURCE, false);
    assert.equal(dist.PACKAGE_ROOT.href, PACKAGE_ROOT.href);
    const entry = dist.moduleUrl('envs/index.ts');
    assert.equal(entry.href, pathToFileURL(join(process.cwd(), 'dist/envs/index.js')).href);
    assert.ok(existsSync(entry));
    const worker = dist.workerUrl('src/vector/async-vector-worker.ts', 'src/vector/async-vector-worker.mjs');
    assert.ok(worker.href.endsWith('/dist/src/vector/async-vector-worker.js') && existsSync(worker));
    assert.equal(dist.packageFile('agents/checkpoints/').href, packageFile('agents/checkpoints/').href);
  });

  it('a checkout has .git at its root; a package folder inside another repository does not', () => {
    assert.equal(packageRootIsCheckout(), true);
    const dir = mkdtempSync(join(tmpdir(), 'pkg-root-'));
    try {
      const installed = join(dir, 'node_modules', 'edgellm-gym');
      mkdirSync(join(dir, '.git'), { recursive: true });
      mkdirSync(installed, { recursive: true });
      assert.equal(packageRootIsCheckout(pathToFileURL(installed + '/')), false);
      assert.equal(packageRootIsCheckout(pathToFileURL(dir + '/')), true);
      writeFileSync(join(installed, '.git'), 'gitdir: elsewhere\n'); // a worktree's .git is a file
      assert.equal(packageRootIsCheckout(pathToFileURL(installed + '/')), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedIntegrity } from '../../../src/utils/installed-integrity.ts';
import { runMetadata } from '../../../src/utils/run-metadata.ts';

describe('src/utils/installed-integrity', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'integrity-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lock = (packages: Record<string, unknown>) => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  };

  it("reads the integrity npm recorded for the package in the project's hidden lock file", () => {
    lock({ 'node_modules/edgellm-gym': { version: '0.1.0', integrity: 'sha512-abc' }, 'node_modules/@s/p': { integrity: 'sha512-def' } });
    assert.equal(installedIntegrity('edgellm-gym', join(dir, 'node_modules', 'edgellm-gym')), 'sha512-abc');
    assert.equal(installedIntegrity('@s/p', join(dir, 'node_modules', '@s', 'p') + '/'), 'sha512-def');
  });

  it('is null outside node_modules, without a lock file, for an entry without integrity, or for a damaged lock', () => {
    assert.equal(installedIntegrity('edgellm-gym', join(dir, 'edgellm-gym')), null);
    assert.equal(installedIntegrity('edgellm-gym', join(dir, 'node_modules', 'edgellm-gym')), null);
    lock({ 'node_modules/edgellm-gym': { version: '0.1.0', resolved: 'file:../x.tgz' } });
    assert.equal(installedIntegrity('edgellm-gym', join(dir, 'node_modules', 'edgellm-gym')), null);
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{ not json');
    assert.equal(installedIntegrity('edgellm-gym', join(dir, 'node_modules', 'edgellm-gym')), null);
  });

  it('run metadata of this checkout: its git commit, no tarball integrity', () => {
    const meta = runMetadata();
    assert.match(meta.gitCommit ?? '', /^[0-9a-f]{40}$/);
    assert.equal(meta.integrity, null);
    assert.equal(typeof meta.gitDirty, 'boolean');
  });
});

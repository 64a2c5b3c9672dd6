import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('README', () => {
  it('has the set-up commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.match(readme, /npm ci/);
    assert.match(readme, /npm start/);
    assert.match(readme, /npm test/);
  });

  it('runs its ten-line example', function () {
    this.timeout(60000);
    const readme = readFileSync('README.md', 'utf8');
    const block = /## Ten lines\s+```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'the README has a "Ten lines" TypeScript block');
    const code = block[1]!.replace("from 'edgellm-gym'", `from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))}`);
    const dir = mkdtempSync(join(tmpdir(), 'readme-'));
    const file = join(dir, 'example.mts');
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    const m = /mean cost per slot (\S+)/.exec(out);
    assert.ok(m, `prints the mean cost (got: ${out})`);
    assert.ok(Number(m[1]) > 0 && Number(m[1]) < 5, `a plausible mean cost, got ${m[1]}`);
  });
});

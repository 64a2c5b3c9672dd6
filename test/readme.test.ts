import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';

describe('README', () => {
  it('has the set-up commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.match(readme, /npm ci/);
    assert.match(readme, /npm start/);
    assert.match(readme, /npm test/);
  });

  // The examples themselves run against the packed tarball, installed as users install it:
  // test/consumer/install.test.ts (npm run test:consumer).
});

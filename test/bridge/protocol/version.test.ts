import { strict as assert } from 'node:assert';
import { PROTOCOL_VERSION, atLeast, isCompatible, parseVersion } from '../../../bridge/protocol/version.ts';

describe('bridge/protocol/version', () => {
  it('parses versions and compares majors', () => {
    assert.deepEqual(parseVersion('1.2.3'), { major: 1, minor: 2, patch: 3 });
    assert.deepEqual(parseVersion('2'), { major: 2, minor: 0, patch: 0 });
    assert.equal(parseVersion('v1'), null);
    assert.equal(parseVersion(1), null);
    assert.equal(isCompatible(parseVersion('1.9.0')!), true);
    assert.equal(isCompatible(parseVersion('2.0.0')!), false);
    assert.equal(parseVersion(PROTOCOL_VERSION)!.major, 1);
  });

  it('tells whether a client reads what a minor version added', () => {
    assert.equal(atLeast(parseVersion('1.2.0')!, 1, 2), true);
    assert.equal(atLeast(parseVersion('1.10')!, 1, 2), true);
    assert.equal(atLeast(parseVersion('1.1.9')!, 1, 2), false);
    assert.equal(atLeast(parseVersion('1')!, 1, 2), false);
    assert.equal(atLeast(parseVersion('2.5.0')!, 1, 2), false);
    assert.equal(atLeast(parseVersion(PROTOCOL_VERSION)!, 1, 2), true);
  });
});

import { strict as assert } from 'node:assert';
import { boundsFromJSON, boundsToJSON } from '../../../src/spaces/space-json.ts';
import { messageOf } from '../helpers.ts';

describe('src/spaces/space-json', () => {
  it('writes infinities as strings and reads them back', () => {
    assert.deepEqual(boundsToJSON([-Infinity, 0, 1.5, Infinity]), ['-inf', 0, 1.5, 'inf']);
    assert.deepEqual(boundsFromJSON(['-inf', 0, 1.5, 'inf'], 'low'), [-Infinity, 0, 1.5, Infinity]);
    assert.deepEqual(boundsFromJSON(['-Infinity', 'Infinity'], 'low'), [-Infinity, Infinity]);
    assert.deepEqual(JSON.parse(JSON.stringify(boundsToJSON(Float32Array.of(-Infinity, 2)))), ['-inf', 2]);
  });

  it('names the field and entry it cannot read', () => {
    assert.equal(messageOf(() => boundsFromJSON([0, 'big'], 'space.high')), 'space.high[1] must be a number or "inf"/"-inf"; got "big".');
    assert.match(messageOf(() => boundsFromJSON(3, 'space.low')), /^space.low must be an array/);
  });
});

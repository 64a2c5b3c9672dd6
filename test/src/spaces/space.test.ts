import { strict as assert } from 'node:assert';
import { Space, checkShape, formatShape, shapeSize } from '../../../src/spaces/space.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Generator } from '../../../src/random/generator.ts';
import { draws, messageOf } from '../helpers.ts';

describe('src/spaces/space', () => {
  it('formats and sizes shapes as Python/NumPy do', () => {
    assert.equal(formatShape([3]), '(3,)');
    assert.equal(formatShape([2, 3]), '(2, 3)');
    assert.equal(formatShape([]), '()');
    assert.equal(shapeSize([2, 3, 4]), 24);
    assert.equal(shapeSize([]), 1);
    assert.deepEqual(checkShape([0, 2]), [0, 2]);
    assert.match(messageOf(() => checkShape([2, -1], 'MyShape')), /^MyShape must be an array of non-negative integers such as \[3\] or \[2, 4\]; got \[2,-1\]\.$/);
    assert.match(messageOf(() => checkShape('3')), /shape must be an array/);
  });

  it('creates its generator lazily from entropy, and seeds it on request', () => {
    const s = new Discrete(1000);
    assert.ok(s.npRandom instanceof Generator);
    assert.equal(s.npRandom, s.npRandom, 'the same generator until reseeded');
    assert.deepEqual(s.seed(12), [12]);
    assert.deepEqual(draws(s, 10), draws(new Discrete(1000, 0, 12), 10));
    const [seed] = s.seed();
    assert.ok(Number.isSafeInteger(seed) && seed! >= 0);
    assert.match(messageOf(() => s.seed(-1)), /seed must be a non-negative integer/);
    assert.match(messageOf(() => new Discrete(3, 0, 1.5)), /seed must be a non-negative integer/);
  });

  it('accepts a replacement generator', () => {
    const s = new Discrete(1000);
    s.npRandom = new Generator(4);
    assert.deepEqual(draws(s, 5), draws(new Discrete(1000, 0, 4), 5));
    assert.match(messageOf(() => (s.npRandom = {} as never)), /Space.npRandom must be a Generator/);
  });

  it('compares structurally across kinds', () => {
    assert.ok(new Discrete(2).equals(new Discrete(2)));
    assert.ok(!new Discrete(2).equals(new Box(0, 1, [2]) as Space<unknown>));
    assert.ok(new Box(0, 1, [2]) instanceof Space);
  });
});

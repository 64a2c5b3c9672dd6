import { strict as assert } from 'node:assert';
import { closest, editDistance } from '../../../src/utils/closest.ts';

describe('src/utils/closest', () => {
  it('computes the edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('flaw', 'lawn'), 2);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('suggests the closest plausible candidate, ignoring case', () => {
    assert.equal(closest('EdgeLM', ['EdgeLLM', 'DDAMarket']), 'EdgeLLM');
    assert.equal(closest('edgellm', new Set(['EdgeLLM'])), 'EdgeLLM');
    assert.equal(closest('DDAMarkt', ['EdgeLLM', 'DDAMarket']), 'DDAMarket');
    assert.equal(closest('ab', ['ac']), 'ac', 'one edit is always plausible');
  });

  it('suggests nothing when no candidate is close enough or there are none', () => {
    assert.equal(closest('Pendulum', ['EdgeLLM', 'DDAMarket']), undefined);
    assert.equal(closest('x', []), undefined);
    assert.equal(closest('abcdef', ['abcxyz']), undefined, 'three edits of six letters is too many');
    assert.equal(closest('abcdef', ['abcdxy']), 'abcdxy', 'two edits of six letters is close');
  });
});

import assert from 'node:assert/strict';
import { episodeSegments, packSequences, unpackSequences } from '../../../agents/ppo/sequences.ts';

describe('episode sequences', () => {
  // 5 steps × 2 envs, time-major; env 0 ends an episode at t = 2
  const done = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0];

  it('cuts at episode ends and flags segments that start mid-episode', () => {
    assert.deepEqual(episodeSegments(done, 5, 2), [
      { env: 0, start: 0, length: 3, fromEpisodeStart: true },
      { env: 0, start: 3, length: 2, fromEpisodeStart: true },
      { env: 1, start: 0, length: 5, fromEpisodeStart: true },
    ]);
    const mid = episodeSegments(done, 5, 2, [false, true]);
    assert.equal(mid[0]!.fromEpisodeStart, false);
    assert.equal(mid[1]!.fromEpisodeStart, true);
  });

  it('packs rows into padded sequences with a mask and unpacks them back', () => {
    const dim = 2;
    const data = Float32Array.from({ length: 10 * dim }, (_, i) => i); // row r holds [2r, 2r+1]
    const segs = episodeSegments(done, 5, 2);
    const packed = packSequences(data, dim, 2, segs);
    assert.equal(packed.length, 5);
    // segment 0: env 0, t = 0,1,2 → rows 0, 2, 4
    assert.deepEqual(Array.from(packed.data.subarray(0, 10)), [0, 1, 4, 5, 8, 9, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(packed.mask), [1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    const back = unpackSequences(packed.data, dim, 2, segs, packed.length, new Float32Array(data.length));
    assert.deepEqual(Array.from(back), Array.from(data));
  });

  it('rejects inconsistent sizes', () => {
    assert.throws(() => episodeSegments([0, 1], 5, 2), /done has 2 entries/);
    assert.throws(() => packSequences(new Float32Array(20), 2, 2, episodeSegments(done, 5, 2), 2), /shorter than the longest/);
  });
});

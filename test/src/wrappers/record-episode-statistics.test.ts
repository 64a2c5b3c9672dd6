import { strict as assert } from 'node:assert';
import { RecordEpisodeStatistics, type EpisodeStatistics } from '../../../src/wrappers/record-episode-statistics.ts';
import { TimeLimit } from '../../../src/wrappers/time-limit.ts';
import { CountEnv } from '../helpers.ts';

describe('src/wrappers/record-episode-statistics', () => {
  it('puts the return and length of a finished episode in info.episode, by hand', () => {
    const env = new RecordEpisodeStatistics(new CountEnv({ length: 3 }));
    env.reset({ seed: 0 });
    // rewards 10·a + t: a = 1, 0, 2 → 11, 2, 23
    const infos = [1, 0, 2].map((a) => env.step(a)[4]);
    assert.ok(!('episode' in infos[0]!) && !('episode' in infos[1]!));
    const stats = infos[2]!.episode as EpisodeStatistics;
    assert.equal(stats.r, 36);
    assert.equal(stats.l, 3);
    assert.ok(typeof stats.t === 'number' && stats.t >= 0);
    assert.equal(env.episodeCount, 1);

    env.reset();
    const last = [0, 0, 0].map((a) => env.step(a)[4])[2]!.episode as EpisodeStatistics;
    assert.equal(last.r, 1 + 2 + 3);
    assert.equal(last.l, 3);
    assert.deepEqual(env.returnQueue, [36, 6]);
    assert.deepEqual(env.lengthQueue, [3, 3]);
    assert.equal(env.timeQueue.length, 2);
    assert.equal(env.episodeCount, 2);
  });

  it('ends episodes on truncation too', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new CountEnv({ length: 100 }), 2));
    env.reset({ seed: 0 });
    env.step(1);
    const info = env.step(1)[4];
    assert.deepEqual({ r: (info.episode as EpisodeStatistics).r, l: (info.episode as EpisodeStatistics).l }, { r: 23, l: 2 });
  });

  it('keeps only the last bufferLength episodes and honours a custom key', () => {
    const env = new RecordEpisodeStatistics(new CountEnv({ length: 1 }), 2, 'stats');
    for (let a = 0; a < 3; a++) {
      env.reset({ seed: a });
      const info = env.step(a)[4];
      assert.equal((info.stats as EpisodeStatistics).r, 10 * a + 1);
    }
    assert.deepEqual(env.returnQueue, [11, 21]);
    assert.deepEqual(env.lengthQueue, [1, 1]);
    assert.equal(env.episodeCount, 3);
  });

  it('refuses to overwrite an existing info key', () => {
    const env = new RecordEpisodeStatistics(new CountEnv({ length: 1 }), 10, 't');
    env.reset({ seed: 0 });
    assert.throws(() => env.step(0), /Attempted to add episode stats when they already exist in info under 't'/);
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgeLLMEnv } from '../../../envs/edge-llm/edge-llm-env.ts';
import { oracleEpisode } from '../../../agents/evaluation/oracle.ts';
import { oracleResult } from '../../../agents/evaluation/oracle-entry.ts';
import type { Env } from '../../../src/core/env.ts';
import '../../../envs/index.ts';

const LAMDA = [{ name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 2000 }];

/** The cheapest mean cost over every cache schedule (cached pairs serve locally), by exhaustive replay. */
function bruteForce(env: EdgeLLMEnv, seed: number, pairs: number, T: number): number {
  let best = Infinity;
  for (let mask = 0; mask < 2 ** (pairs * T); mask++) {
    env.reset({ seed });
    let cost = 0;
    for (let t = 0; t < T; t++) {
      const cache = Array.from({ length: pairs }, (_, p) => (mask >> (t * pairs + p)) & 1);
      const [, reward] = env.step({ cache, local: cache });
      cost -= reward;
    }
    best = Math.min(best, cost / T);
  }
  return best;
}

describe('agents/evaluation/oracle', () => {
  it('finds the best schedule of a single pair, and its bound is that optimum', () => {
    // one pair, a 2,000-token window (about six requests), 8 slots: every one of the 256 schedules is tried
    const env = new EdgeLLMEnv({ agents: 1, models: LAMDA, rates: 1.2, horizon: 8, gpus: 2 });
    for (const seed of [1, 2, 3]) {
      const best = bruteForce(env, seed, 1, 8);
      const o = oracleEpisode(env as unknown as Env<Float32Array, unknown>, seed);
      assert.ok(Math.abs(o.record.meanCost - best) < 1e-9, `seed ${seed}: oracle ${o.record.meanCost} vs best ${best}`);
      assert.ok(Math.abs(o.bound! - best) < 1e-9, `seed ${seed}: bound ${o.bound} vs best ${best}`);
    }
  });

  it('two pairs sharing room for one: bound ≤ best schedule ≤ oracle, within a few percent', () => {
    const env = new EdgeLLMEnv({ agents: 2, models: LAMDA, rates: [1, 0.6], horizon: 6, gpus: 2 });
    for (const seed of [4, 5]) {
      const best = bruteForce(env, seed, 2, 6);
      const o = oracleEpisode(env as unknown as Env<Float32Array, unknown>, seed);
      assert.ok(o.bound! <= best + 1e-9, `bound ${o.bound} above the optimum ${best}`);
      assert.ok(o.record.meanCost >= best - 1e-9, `oracle ${o.record.meanCost} below the optimum ${best}`);
      assert.ok(o.record.meanCost <= 1.05 * best, `oracle ${o.record.meanCost} far from the optimum ${best}`);
    }
  });

  it('is flagged as an oracle in results, with bounds, and reuses episodes cached per seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-'));
    try {
      const file = join(dir, 'oracle-cache.json');
      const r = oracleResult('EdgeLLM-v0', 10000, 2, file);
      assert.equal(r.oracle, true);
      assert.equal(r.agent, 'oracle');
      assert.equal(r.bounds!.length, 2);
      assert.ok(r.bound! <= r.meanCost);
      const cache = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { record: { meanCost: number } }>;
      const keys = Object.keys(cache);
      assert.equal(keys.length, 2);
      assert.match(keys[0]!, /^EdgeLLM-v0:[0-9a-f]{16}:10000$/);
      cache[keys[0]!]!.record.meanCost = 123; // a cached episode is read back, not planned again
      writeFileSync(file, JSON.stringify(cache));
      assert.equal(oracleResult('EdgeLLM-v0', 10000, 1, file).meanCost, 123);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

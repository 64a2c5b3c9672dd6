import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../envs/index.ts';
import { make } from '../../../src/registry/registry.ts';
import { evaluateAgent, EVAL_SEED_BASE } from '../../../agents/evaluation/evaluate.ts';
import { makeBaseline } from '../../../agents/baselines/edge-llm/index.ts';
import type { LeaderboardFile } from '../../../agents/evaluation/leaderboard-file.ts';
import { startServer, type BridgeServer } from '../../../bridge/server/server.ts';
import { evaluateRemote } from '../../../bridge/client/remote-evaluation.ts';
import { asSent, helloClient } from '../helpers.ts';

describe('bridge/server/evaluation', function () {
  this.timeout(60_000);
  let server: BridgeServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-eval-'));
    server = await startServer({ port: 0, log: 'silent', evalEpisodes: 3, resultsDir: dir });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the leaderboard seeds with the remote agent and records the same result as a local evaluation', async () => {
    const seen: number[] = [];
    const remote = await evaluateRemote(server.url, 'EdgeLLM-v0', (ctx) => makeBaseline('lfu', ctx), {
      agentName: 'remote-lfu',
      onEpisode: (r) => seen.push(r.seed),
    });
    assert.deepEqual(seen, [EVAL_SEED_BASE, EVAL_SEED_BASE + 1, EVAL_SEED_BASE + 2]);
    assert.equal(remote.recorded, true);
    const env = make('EdgeLLM-v0');
    const local = evaluateAgent(env, makeBaseline('lfu', { observationSpace: env.observationSpace, actionSpace: env.actionSpace }), { episodes: 3 });
    assert.deepEqual(remote.result.episodes, asSent(local.episodes));
    assert.equal(remote.result.meanCost, local.meanCost);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    const entry = board.results.find((r) => r.agent === 'remote-lfu');
    assert.equal(entry?.source, 'remote');
    assert.equal(entry?.env, 'EdgeLLM-v0');
    assert.equal(entry?.meanCost, local.meanCost);
    assert.equal(board.meta.configHashes['EdgeLLM-v0'], remote.configHash);
    assert.equal(server.stats().evaluations, 1);
  });

  it('keeps the seeds on the server and rejects misuse of an evaluation handle', async () => {
    const c = await helloClient(server.url);
    const start = await c.call({ op: 'evaluate.start', env: 'EdgeLLM-v0', agent: 'probe' });
    assert.equal(start.seed, EVAL_SEED_BASE);
    assert.equal(start.episodes, 3);
    const handle = start.handle as number;
    assert.equal((await c.call({ op: 'reset', handle, seed: 1 })).error!.code, 'bad_request');
    assert.equal((await c.call({ op: 'step', handle, action: 0 })).error!.code, 'bad_request');
    const bad = await c.call({ op: 'evaluate.step', handle, action: { cache: new Int8Array(20), local: new Float32Array(20).fill(7) } });
    assert.equal(bad.error!.code, 'invalid_action');
    const ok = await c.call({ op: 'evaluate.step', handle, action: { cache: new Int8Array(20), local: new Float32Array(20) } });
    assert.equal((ok.info as { slot: number }).slot, 1);
    assert.equal((await c.call({ op: 'evaluate.start', env: 'EdgeLLM-v0', agent: '' })).error!.code, 'bad_request');
    assert.equal((await c.call({ op: 'close', handle })).closed, true);
    c.close();
  });
});

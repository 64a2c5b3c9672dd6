import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../envs/index.ts';
import { isParallelEnvId, listParallelSpecs } from '../../src/parallel/parallel-registry.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { PairParallelEnv } from '../fixtures/pair-parallel-env.ts';
import { PAIR_ID } from '../fixtures/pair-parallel-module.ts';
import { pythonForTests, runUnittestSuite } from './python-env.ts';

const PKG = fileURLToPath(new URL('../../bridge/python/', import.meta.url));
/** PettingZoo from the machine's package index. */
const PETTINGZOO = 'pettingzoo==1.27.0';

/** `null` when `python` imports pettingzoo (installing it when missing), else why not. */
function ensurePettingZoo(python: string): string | null {
  const probe = () => spawnSync(python, ['-c', 'import pettingzoo.test'], { encoding: 'utf8', timeout: 120_000 });
  if (probe().status === 0) return null;
  const r = spawnSync(python, ['-m', 'pip', 'install', '-q', '--retries', '0', '--timeout', '10', PETTINGZOO], { encoding: 'utf8', timeout: 400_000 });
  if (r.status !== 0) return `pip could not install ${PETTINGZOO}: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0]}`;
  const again = probe();
  return again.status === 0 ? null : `pettingzoo does not import: ${again.stderr.trim().split('\n').slice(-1)[0]}`;
}

/** The in-process episode the Python client must reproduce: float32 observations as hex, values as sent. */
function expectedEpisode(seed: number): Record<string, unknown> {
  const hex = (o: Float32Array) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('hex');
  const hexes = (obs: Record<string, Float32Array>) => Object.fromEntries(Object.entries(obs).map(([a, o]) => [a, hex(o)]));
  const env = new PairParallelEnv();
  const [obs, infos] = env.reset({ seed });
  const steps: Record<string, unknown>[] = [];
  for (let t = 0; env.agents.length > 0; t++) {
    const actions: Record<string, number | number[]> = {};
    for (const a of env.agents) actions[a] = a === 'scout' ? (t * 2 + 1) % 3 : [((t % 3) - 1) / 4, 0.5 - t / 8];
    const local = Object.fromEntries(Object.entries(actions).map(([a, v]) => [a, typeof v === 'number' ? v : Float32Array.from(v)]));
    const [o, rewards, terminations, truncations, inf] = env.step(local);
    steps.push({ actions, obs: hexes(o), rewards, terminations, truncations, infos: inf, agents: [...env.agents] });
  }
  return { seed, resetObs: hexes(obs), resetInfos: infos, steps };
}

describe('bridge/python edgellm_bridge.parallel (PettingZoo)', function () {
  this.timeout(600_000);
  let python = '';
  let server: BridgeServer;
  let dir: string;

  before(async function () {
    const found = pythonForTests();
    if (found.python === null || found.gymnasium === null) {
      console.log(`    skipping the PettingZoo tests: they need real gymnasium (${found.note || 'not found'})`);
      this.skip();
    }
    python = found.python!;
    const why = ensurePettingZoo(python);
    if (why !== null) {
      console.log(`    skipping the PettingZoo tests: ${why}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'bridge-pz-'));
    server = await startServer({ port: 0, log: 'silent' });
  });
  after(async () => {
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("passes PettingZoo's parallel_api_test and reproduces the in-process episode over the bridge", async () => {
    assert.ok(isParallelEnvId(PAIR_ID));
    const expectedPath = join(dir, 'expected.json');
    writeFileSync(expectedPath, JSON.stringify(expectedEpisode(21)));
    const { code, out } = await runUnittestSuite(python, PKG, 'tests_parallel', { EDGELLM_BRIDGE_URL: server.url, EDGELLM_BRIDGE_EXPECTED: expectedPath });
    assert.equal(code, 0, out);
    assert.match(out, /Ran 8 tests/, out);
    for (const name of ['test_parallel_api_test', 'test_episode_equals_in_process', 'test_bad_actions_change_nothing', 'test_plain_class_without_pettingzoo', 'test_example_runs', 'test_render_and_empty_infos']) {
      assert.match(out, new RegExp(`${name} \\([^)]*\\) \\.\\.\\. (Passed Parallel API test\\n)?ok`), out);
    }
    const multi = listParallelSpecs().filter((sp) => sp.id.startsWith('EdgeLLMMulti')).length;
    if (isParallelEnvId('EdgeLLMMulti-v0')) {
      // Every multi-edge scenario passes parallel_api_test, and so does the fixture.
      assert.match(out, new RegExp(`test_edgellm_multi \\([^)]*\\) \\.\\.\\. (Passed Parallel API test\\n){${multi}}ok`), out);
      assert.equal(out.match(/Passed Parallel API test/g)?.length, multi + 1, out);
    } else assert.match(out, /test_edgellm_multi .* skipped 'EdgeLLMMulti-v0 is not registered/, out);
  });
});

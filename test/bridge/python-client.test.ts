import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../envs/index.ts';
import { make } from '../../src/registry/registry.ts';
import { evaluateAgent, EVAL_SEED_BASE } from '../../agents/evaluation/evaluate.ts';
import { makeBaseline } from '../../agents/baselines/edge-llm/index.ts';
import { Shaped } from '../../bridge/protocol/array-codec.ts';
import { encode } from '../../bridge/protocol/msgpack.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { asSent } from './helpers.ts';
import { pythonForTests, runUnittestSuite } from './python-env.ts';

const PKG = fileURLToPath(new URL('../../bridge/python/', import.meta.url));

function actionAt(t: number, pairs: number): { cache: Int8Array; local: Float32Array } {
  const cache = new Int8Array(pairs);
  const local = new Float32Array(pairs);
  for (let p = 0; p < pairs; p++) {
    cache[p] = (t + p) % 3 === 0 ? 1 : 0;
    local[p] = ((t * 7 + p) % 11) / 10;
  }
  return { cache, local };
}

describe('bridge/python client', function () {
  this.timeout(400_000);
  let python = '';
  let gymnasium: string | null = null;
  let server: BridgeServer;
  let tokenServer: BridgeServer;
  let heartbeatServer: BridgeServer;
  let dir: string;

  before(async function () {
    const found = pythonForTests();
    if (found.python === null) {
      console.log(`    skipping the Python client tests: ${found.note}`);
      this.skip();
    }
    if (found.note !== '') console.log(`    Python client tests: ${found.note}`);
    python = found.python;
    gymnasium = found.gymnasium;
    dir = mkdtempSync(join(tmpdir(), 'bridge-py-'));
    server = await startServer({ port: 0, log: 'silent', evalEpisodes: 2, resultsDir: dir });
    tokenServer = await startServer({ port: 0, log: 'silent', token: 'py-token' });
    // Pings every 200 ms: an idle client must answer them from its keepalive thread.
    heartbeatServer = await startServer({ port: 0, log: 'silent', heartbeatMs: 200 });
  });
  after(async () => {
    await server?.close();
    await tokenServer?.close();
    await heartbeatServer?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('passes the Python unittest suite against live servers (bit-identical to in-process)', async () => {
    const envId = 'EdgeLLM-Shift-v0';
    const env = make(envId);
    const obsHash = createHash('sha256');
    const rewards = new Float64Array(100);
    const [obs0] = env.reset({ seed: 77 });
    obsHash.update(obs0 as Float32Array);
    for (let t = 0; t < 100; t++) {
      const r = env.step(actionAt(t, 20));
      obsHash.update(r[0] as Float32Array);
      rewards[t] = asSent(r[1]); // the Python client receives each reward over the wire
    }
    const cloudEnv = make('EdgeLLM-v0');
    const cloud = evaluateAgent(cloudEnv, makeBaseline('cloud', { observationSpace: cloudEnv.observationSpace, actionSpace: cloudEnv.actionSpace }), { episodes: 2 });
    const expected = {
      envId,
      seed: 77,
      steps: 100,
      obsSha256: obsHash.digest('hex'),
      rewardsSha256: createHash('sha256').update(rewards).digest('hex'),
      evalSeeds: [EVAL_SEED_BASE, EVAL_SEED_BASE + 1],
      cloudMeanCost: cloud.meanCost,
      tsFrameHex: Buffer.from(
        encode({
          obs: new Float32Array([1.5, -2]),
          i8: new Int8Array([-1, 127]),
          batch: new Shaped(new Float64Array(6), [2, 3]),
          nested: { x: [1, 'a', null, true] },
          nan: NaN,
          negzero: -0,
          big: 2 ** 40,
          text: 'κ😀',
        }),
      ).toString('hex'),
    };
    const expectedPath = join(dir, 'expected.json');
    writeFileSync(expectedPath, JSON.stringify(expected));
    const { code, out } = await runUnittestSuite(python, PKG, 'tests', {
        EDGELLM_BRIDGE_URL: server.url,
        EDGELLM_BRIDGE_TOKEN_URL: tokenServer.url,
        EDGELLM_BRIDGE_TOKEN: 'py-token',
        EDGELLM_BRIDGE_HEARTBEAT_URL: heartbeatServer.url,
        EDGELLM_BRIDGE_EXPECTED: expectedPath,
    });
    assert.equal(code, 0, out);
    assert.match(out, /Ran 2[0-9] tests/, out);
    assert.match(out, /test_without_keepalive_an_idle_connection_is_dropped .* ok/, out);
    if (gymnasium !== null) {
      // Real gymnasium: every test runs, including check_env, PassiveEnvChecker and the vector wrappers.
      assert.doesNotMatch(out, /skipped/, out);
      assert.match(out, /test_vector_wrappers .* ok/, out);
    } else {
      assert.match(out, /test_vector_wrappers .* skipped 'real gymnasium/, out);
    }
  });
});

import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { startServer, type BridgeServer } from '../../../bridge/server/server.ts';
import { encode } from '../../../bridge/protocol/msgpack.ts';
import { ERROR_CODES } from '../../../bridge/protocol/error-codes.ts';
import { Generator } from '../../../src/random/generator.ts';
import { isParallelEnvId, makeParallel, registerParallel } from '../../../src/parallel/parallel-registry.ts';
import { PairParallelEnv } from '../../fixtures/pair-parallel-env.ts';
import { PAIR_ID } from '../../fixtures/pair-parallel-module.ts';
import { asSent, bitsOf, helloClient, type RawClient, type RawReply } from '../helpers.ts';

/** Deterministic actions of step t for the live agents. */
function actionsAt(t: number, agents: readonly string[]): Record<string, number | Float32Array> {
  const out: Record<string, number | Float32Array> = {};
  for (const a of agents) out[a] = a === 'scout' ? t % 3 : Float32Array.of(((t % 5) - 2) / 2, ((t * 3) % 7) / 7 - 0.5);
  return out;
}

async function makePair(c: RawClient, config: Record<string, unknown> = {}): Promise<number> {
  const r = await c.call({ op: 'parallel.make', env: PAIR_ID, config });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return r.handle as number;
}

function expectError(r: RawReply, code: string, message: RegExp, field?: string | RegExp): void {
  assert.equal(r.ok, false, `expected ${code}, got a success`);
  assert.equal(r.error!.code, code, r.error!.message);
  assert.match(r.error!.message, message);
  if (typeof field === 'string') assert.equal(r.error!.field, field);
  else if (field !== undefined) assert.match(String(r.error!.field), field);
}

describe('bridge/server/parallel-handle', function () {
  this.timeout(60_000);
  let server: BridgeServer;
  before(async () => {
    // No preload: the session workers import the fixture because its registration names its module.
    server = await startServer({ port: 0, log: 'silent', maxPayload: 64 * 1024, maxHandlesPerSession: 4 });
  });
  after(() => server.close());

  it('lists the parallel ops and envs in hello, and describes each agent\'s spaces in the make reply', async () => {
    const c = await helloClient(server.url);
    const hello = await c.call({ op: 'hello', protocol: '1.0.0' });
    const ops = (hello.capabilities as { ops: string[] }).ops;
    for (const op of ['parallel.make', 'parallel.reset', 'parallel.step']) assert.ok(ops.includes(op), op);
    const listed = (hello.parallelEnvs as { id: string; kwargs: object; configSchema: { properties: object } }[]).find((e) => e.id === PAIR_ID);
    assert.deepEqual(listed?.kwargs, { length: 6 });
    assert.deepEqual(Object.keys(listed!.configSchema.properties), ['length', 'carrierSteps', 'cost']);
    const made = await c.call({ op: 'parallel.make', env: PAIR_ID, config: { carrierSteps: 2 } });
    assert.deepEqual([(made.spec as { id: string }).id, (made.spec as { parallel: boolean }).parallel], [PAIR_ID, true]);
    assert.deepEqual((made.spec as { kwargs: object }).kwargs, { length: 6, carrierSteps: 2 }, 'the spec carries the kwargs the env was made with');
    assert.deepEqual(made.possibleAgents, ['scout', 'carrier']);
    const obs = made.observationSpaces as Record<string, { type: string; shape: number[] }>;
    const act = made.actionSpaces as Record<string, { type: string; n?: number; shape: number[] }>;
    assert.deepEqual([obs.scout!.type, obs.scout!.shape, obs.carrier!.shape], ['Box', [2], [2, 2]]);
    assert.deepEqual([act.scout!.type, act.scout!.n, act.carrier!.type, act.carrier!.shape], ['Discrete', 3, 'Box', [2]]);
    assert.equal((made.metadata as { name: string }).name, 'pair');
    c.close();
  });

  it('plays an episode identical to the local env for the same seed and actions, agents leaving as they finish', async () => {
    const c = await helloClient(server.url);
    const handle = await makePair(c);
    const local = new PairParallelEnv();
    const reset = await c.call({ op: 'parallel.reset', handle, seed: 11, options: { mode: 'x' } });
    const [lobs, linfos] = local.reset({ seed: 11, options: { mode: 'x' } });
    assert.deepEqual(reset.agents, ['scout', 'carrier']);
    const robs = reset.observations as Record<string, Float32Array>;
    for (const a of ['scout', 'carrier']) assert.equal(bitsOf(robs[a]!), bitsOf(lobs[a]!), a);
    assert.ok(robs.carrier instanceof Float32Array && robs.carrier.length === 4, 'the (2, 2) observation arrives with its 4 values');
    assert.deepEqual(reset.infos, linfos);
    const lived: string[][] = [];
    for (let t = 0; local.agents.length > 0; t++) {
      const actions = actionsAt(t, local.agents);
      const r = await c.call({ op: 'parallel.step', handle, actions });
      assert.equal(r.ok, true, JSON.stringify(r.error));
      const [o, rew, term, trunc, inf] = local.step(actions);
      const ro = r.observations as Record<string, Float32Array>;
      assert.deepEqual(Object.keys(ro), Object.keys(o), `agents that acted at step ${t}`);
      for (const a of Object.keys(o)) assert.equal(bitsOf(ro[a]!), bitsOf(o[a]!), `obs of ${a} at step ${t}`);
      assert.deepEqual(r.rewards, rew);
      assert.deepEqual(r.terminations, term);
      assert.deepEqual(r.truncations, trunc);
      assert.deepEqual(r.infos, inf);
      assert.deepEqual(r.agents, local.agents);
      lived.push(r.agents as string[]);
    }
    // carrier terminates after 3 steps, scout is truncated at 6.
    assert.deepEqual(lived.map((l) => l.join('+')), ['scout+carrier', 'scout+carrier', 'scout', 'scout', 'scout', '']);
    expectError(await c.call({ op: 'parallel.step', handle, actions: { scout: 1 } }), 'reset_needed', /parallel\.reset/, 'request.handle');
    const frame = await c.call({ op: 'render', handle });
    assert.equal(frame.frame, 't=6 live=');
    assert.equal((await c.call({ op: 'close', handle })).closed, true);
    expectError(await c.call({ op: 'parallel.reset', handle }), 'unknown_handle', /No open handle/);
    c.close();
  });

  it('rejects bad actions naming the agent and field, and leaves the env state unchanged', async () => {
    const c = await helloClient(server.url);
    const handle = await makePair(c);
    const local = new PairParallelEnv();
    expectError(await c.call({ op: 'parallel.step', handle, actions: actionsAt(0, ['scout', 'carrier']) }), 'reset_needed', /never reset/);
    await c.call({ op: 'parallel.reset', handle, seed: 5 });
    local.reset({ seed: 5 });
    const good = actionsAt(0, ['scout', 'carrier']);
    const cases: [unknown, RegExp, string][] = [
      [{ ...good, pilot: 1 }, /"pilot" is not an agent of this env \(possible agents: scout, carrier\)/, 'request.actions.pilot'],
      [{ scout: 1 }, /no action for live agent "carrier"/, 'request.actions.carrier'],
      [{}, /no action for live agent "scout"/, 'request.actions.scout'],
      [{ ...good, scout: 3 }, /agent "scout": actions\.scout/, 'request.actions.scout'],
      [{ ...good, scout: 1.5 }, /agent "scout"/, 'request.actions.scout'],
      [{ ...good, scout: 'left' }, /agent "scout"/, 'request.actions.scout'],
      [{ ...good, carrier: new Float32Array(3) }, /agent "carrier": actions\.carrier/, 'request.actions.carrier'],
      [{ ...good, carrier: Float32Array.of(0, 2) }, /agent "carrier".*never clipped/, 'request.actions.carrier'],
      [{ ...good, carrier: Float32Array.of(NaN, 0) }, /agent "carrier"/, 'request.actions.carrier'],
      [{ ...good, carrier: { x: 1 } }, /agent "carrier"/, 'request.actions.carrier'],
      [{ ...good, carrier: null }, /agent "carrier"/, 'request.actions.carrier'],
      [new Float32Array(2), /map from agent name/, 'request.actions'],
    ];
    for (const [actions, message, field] of cases) {
      expectError(await c.call({ op: 'parallel.step', handle, actions }), 'invalid_action', message, field);
    }
    // Plain lists are accepted for Box actions (as typed arrays of the space's element type).
    const r = await c.call({ op: 'parallel.step', handle, actions: { scout: 2, carrier: [0.25, -0.5] } });
    const l = local.step({ scout: 2, carrier: Float32Array.of(0.25, -0.5) });
    assert.deepEqual(r.rewards, l[1], 'the rejected steps changed nothing');
    for (let t = 1; t < 3; t++) {
      const a = actionsAt(t, local.agents);
      await c.call({ op: 'parallel.step', handle, actions: a });
      local.step(a);
    }
    // carrier has terminated: its action is now refused, naming it as no longer live.
    expectError(await c.call({ op: 'parallel.step', handle, actions: { scout: 0, carrier: [0, 0] } }), 'invalid_action', /agent "carrier" is not live.*Live agents: scout\./, 'request.actions.carrier');
    const after = await c.call({ op: 'parallel.step', handle, actions: { scout: 1 } });
    assert.deepEqual(after.rewards, local.step({ scout: 1 })[1]);
    c.close();
  });

  it('refuses bad Dict actions of EdgeLLMMulti-v0 naming the agent and the entry, and the env state stays put', async () => {
    const c = await helloClient(server.url);
    const made = await c.call({ op: 'parallel.make', env: 'EdgeLLMMulti-v0' });
    const handle = made.handle as number;
    assert.deepEqual(made.possibleAgents, ['es0', 'es1', 'es2', 'es3']);
    const local = makeParallel('EdgeLLMMulti-v0');
    await c.call({ op: 'parallel.reset', handle, seed: 9 });
    local.reset({ seed: 9 });
    type Act = { cache: Int8Array; local: Float32Array };
    const ok = (a: string): Act => {
      const space = local.actionSpace(a);
      space.seed(a.length + a.charCodeAt(2));
      return space.sample() as Act;
    };
    const good: Record<string, Act> = Object.fromEntries(['es0', 'es1', 'es2', 'es3'].map((a) => [a, ok(a)]));
    const with0 = <T extends Int8Array | Float32Array>(x: T, v: number): T => {
      const y = x.slice() as T;
      y[0] = v;
      return y;
    };
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ ...good, es2: { cache: good.es2!.cache } }, /agent "es2": actions\.es2/, 'request.actions.es2'],
      [{ ...good, es1: { ...good.es1, local: good.es1!.local.subarray(1) } }, /agent "es1": actions\.es1\.local/, 'request.actions.es1'],
      [{ ...good, es3: { ...good.es3, cache: with0(good.es3!.cache, 2) } }, /agent "es3": actions\.es3\.cache/, 'request.actions.es3'],
      [{ ...good, es0: { ...good.es0, local: with0(good.es0!.local, 1.5) } }, /agent "es0".*never clipped/, 'request.actions.es0'],
      [{ es0: good.es0, es1: good.es1, es2: good.es2 }, /no action for live agent "es3"/, 'request.actions.es3'],
      [{ ...good, es4: good.es0 }, /"es4" is not an agent of this env \(possible agents: es0, es1, es2, es3\)/, 'request.actions.es4'],
    ];
    for (const [actions, message, field] of cases) expectError(await c.call({ op: 'parallel.step', handle, actions }), 'invalid_action', message, field);
    const r = await c.call({ op: 'parallel.step', handle, actions: good });
    const l = local.step(good);
    const ro = r.observations as Record<string, Float32Array>;
    for (const a of Object.keys(l[0])) assert.equal(bitsOf(ro[a]!), bitsOf(l[0][a] as Float32Array), a);
    assert.deepEqual(r.rewards, asSent(l[1]), 'the refused steps changed nothing');
    c.close();
  });

  it('refuses malformed requests through the schemas and the wrong handle kinds, with the fix', async () => {
    const c = await helloClient(server.url);
    const handle = await makePair(c);
    await c.call({ op: 'parallel.reset', handle, seed: 1 });
    expectError(await c.call({ op: 'parallel.step', handle }), 'bad_request', /actions/);
    expectError(await c.call({ op: 'parallel.step', handle, actions: [1, 2] }), 'bad_request', /actions/, /request\.actions/);
    expectError(await c.call({ op: 'parallel.step', handle, actions: { ['a'.repeat(201)]: 1 } }), 'bad_request', /actions/);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`agent${i}`, 0]));
    expectError(await c.call({ op: 'parallel.step', handle, actions: many }), 'bad_request', /4096/);
    expectError(await c.call({ op: 'parallel.reset', handle, seed: 'x' }), 'bad_request', /seed/, /request\.seed/);
    expectError(await c.call({ op: 'parallel.reset', handle, seed: [1, 2] }), 'bad_request', /seed/);
    expectError(await c.call({ op: 'parallel.make', env: PAIR_ID, numEnvs: 2 }), 'bad_request', /numEnvs/);
    expectError(await c.call({ op: 'parallel.make', env: 'EdgeLLM-v0' }), 'unknown_env', /`EdgeLLM-v0` is a single-agent environment: make it with the op make, not parallel\.make/, 'request.env');
    expectError(await c.call({ op: 'parallel.make', env: 'test/Pair-v1' }), 'unknown_env', /Did you mean: `test\/Pair-v0`\?/, 'request.env');
    expectError(await c.call({ op: 'parallel.make', env: PAIR_ID, config: { length: 0 } }), 'invalid_config', /config\.length must be >= 1/, 'config.length');
    expectError(await c.call({ op: 'parallel.make', env: PAIR_ID, config: { agents: 3 } }), 'invalid_config', /config\.agents/);
    expectError(await c.call({ op: 'reset', handle }), 'bad_request', /parallel\.reset/);
    expectError(await c.call({ op: 'step', handle, action: 1 }), 'bad_request', /parallel\.step/);
    const single = await c.call({ op: 'make', env: 'EdgeLLM-v0' });
    expectError(await c.call({ op: 'parallel.step', handle: single.handle, actions: {} }), 'bad_request', /needs a handle from parallel\.make; handle \d+ is an env handle/);
    // The failed make released its reservation: the session still holds one parallel env and one env.
    const status = await c.call({ op: 'parallel.step', handle, actions: { scout: 0, carrier: [0, 0] } });
    assert.equal(status.ok, true);
    c.close();
  });

  it('keeps the session limits: handles and cost', async () => {
    const c = await helloClient(server.url);
    expectError(await c.call({ op: 'parallel.make', env: PAIR_ID, config: { cost: 2000 } }), 'limit_exceeded', /maxCostPerSession=1024/);
    for (let i = 0; i < 4; i++) await makePair(c);
    expectError(await c.call({ op: 'parallel.make', env: PAIR_ID }), 'limit_exceeded', /maxHandlesPerSession=4/);
    c.close();
  });

  it('closes a connection that sends an oversized frame and keeps serving the other sessions', async () => {
    const healthy = await helloClient(server.url);
    const hostile = await helloClient(server.url);
    const handle = await makePair(healthy);
    const h2 = await makePair(hostile);
    await healthy.call({ op: 'parallel.reset', handle, seed: 3 });
    await hostile.call({ op: 'parallel.reset', handle: h2, seed: 3 });
    hostile.ws.send(encode({ id: 99, op: 'parallel.step', handle: h2, actions: { scout: 0, carrier: new Float32Array(100_000) } }));
    const [code] = await hostile.closed;
    assert.equal(code, 1009);
    const local = new PairParallelEnv();
    local.reset({ seed: 3 });
    for (let t = 0; t < 6; t++) {
      const a = actionsAt(t, local.agents);
      const r = await healthy.call({ op: 'parallel.step', handle, actions: a });
      assert.deepEqual(r.rewards, local.step(a)[1]);
    }
    healthy.close();
  });
});

/** A seeded hostile parallel request: random ops, handles, agent names and action values. */
function hostileFrame(rng: Generator, handle: number, id: number): Uint8Array {
  const names = ['scout', 'carrier', 'pilot', '', 'toString', 'hasOwnProperty', 'SCOUT', 'scout ', 'x'.repeat(300), '0'];
  const values: unknown[] = [
    0, 1, 2, 3, -1, 1.5, NaN, Infinity, null, true, 'left', [], [0.5], [0.1, 0.2], [0.1, 0.2, 0.3], [[0.1], [0.2]], { a: 1 },
    Float32Array.of(0, 0), Float32Array.of(NaN, 0), Float64Array.of(0.5, -0.5), Int8Array.of(1, 1), new Float32Array(64), 2 ** 53, -(2 ** 60),
  ];
  const pick = <T>(xs: readonly T[]): T => xs[rng.integers(0, xs.length)]!;
  const kind = rng.integers(0, 6);
  if (kind === 0) return encode({ id, op: 'parallel.reset', handle: pick([handle, handle + 1, -1, 0]), seed: pick([1, -3, 1.5, 'x', 2 ** 60]) });
  if (kind === 1) return encode({ id, op: pick(['parallel.step', 'step', 'reset', 'render']), handle, actions: pick(values), action: pick(values) });
  if (kind === 2) return encode({ id, op: 'parallel.make', env: pick([PAIR_ID, 'EdgeLLM-v0', '', 'test/Pair']), config: pick([{}, { length: pick(values) }, { carrierSteps: 0 }, [] as unknown]) });
  const actions: Record<string, unknown> = {};
  for (let k = rng.integers(0, 4); k > 0; k--) actions[pick(names)] = pick(values);
  return encode({ id, op: 'parallel.step', handle, actions });
}

describe('bridge/server/parallel-handle under hostile traffic', function () {
  this.timeout(120_000);
  it('answers 3000 seeded hostile parallel requests with typed errors, never internal, while a good client is unaffected', async () => {
    const server = await startServer({ port: 0, log: 'silent', maxPayload: 64 * 1024, maxHandlesPerSession: 8 });
    try {
      const good = await helloClient(server.url);
      const gh = await makePair(good);
      const local = new PairParallelEnv();
      await good.call({ op: 'parallel.reset', handle: gh, seed: 8 });
      local.reset({ seed: 8 });
      const hostile = await helloClient(server.url);
      const h = await makePair(hostile);
      await hostile.call({ op: 'parallel.reset', handle: h, seed: 1 });
      const rng = new Generator(42);
      const codes = new Map<string, number>();
      let id = 100;
      let goodSteps = 0;
      for (let round = 0; round < 30; round++) {
        const batch = Array.from({ length: 100 }, () => hostile.raw(hostileFrame(rng, h, id++)));
        // The good client steps while the hostile batch is in flight.
        if (local.agents.length === 0) {
          await good.call({ op: 'parallel.reset', handle: gh });
          local.reset();
        }
        const a = actionsAt(round, local.agents);
        const r = await good.call({ op: 'parallel.step', handle: gh, actions: a });
        assert.deepEqual(r.rewards, local.step(a)[1], `good client at round ${round}`);
        goodSteps++;
        for (const reply of await Promise.all(batch)) {
          if (reply.ok) continue;
          assert.ok((ERROR_CODES as readonly string[]).includes(reply.error!.code), JSON.stringify(reply.error));
          assert.notEqual(reply.error!.code, 'internal', reply.error!.message);
          assert.ok(reply.error!.hint.length > 0);
          codes.set(reply.error!.code, (codes.get(reply.error!.code) ?? 0) + 1);
        }
        if (hostile.ws.readyState !== hostile.ws.OPEN) assert.fail('the hostile connection was closed: every frame was within the limits');
      }
      for (const code of ['bad_request', 'invalid_action', 'unknown_env', 'invalid_config', 'unknown_handle', 'limit_exceeded']) {
        assert.ok((codes.get(code) ?? 0) > 0, `no ${code} among ${JSON.stringify([...codes])}`);
      }
      assert.equal(goodSteps, 30);
      good.close();
      hostile.close();
    } finally {
      await server.close();
    }
  });
});

describe('bridge/server/parallel-handle on the accepting thread (workers: 0)', function () {
  this.timeout(60_000);
  it('serves parallel envs offered in this thread, with empty infos on request', async () => {
    const server = await startServer({ port: 0, log: 'silent', workers: 0 });
    try {
      const c = await helloClient(server.url);
      const r = await c.call({ op: 'parallel.make', env: PAIR_ID, infos: false });
      const reset = await c.call({ op: 'parallel.reset', handle: r.handle, seed: 2 });
      assert.deepEqual(reset.infos, { scout: {}, carrier: {} });
      const step = await c.call({ op: 'parallel.step', handle: r.handle, actions: actionsAt(0, ['scout', 'carrier']) });
      assert.deepEqual(step.infos, { scout: {}, carrier: {} });
      c.close();
    } finally {
      await server.close();
    }
  });

  it('reaps an idle session (4008), closing its parallel envs and giving back their cost', async () => {
    const made: PairParallelEnv[] = [];
    if (!isParallelEnvId('test/PairSpy-v0')) {
      registerParallel({ id: 'test/PairSpy-v0', entryPoint: (kw) => (made.push(new PairParallelEnv(kw)), made.at(-1)!), cost: () => 3 });
    }
    const server = await startServer({ port: 0, log: 'silent', idleTimeoutMs: 300, workers: 0 });
    try {
      const c = await helloClient(server.url);
      await c.call({ op: 'parallel.make', env: 'test/PairSpy-v0' });
      await c.call({ op: 'parallel.make', env: 'test/PairSpy-v0' });
      assert.deepEqual([server.stats().envs, server.stats().cost, server.stats().handles], [2, 6, 2]);
      const [code] = await c.closed;
      assert.equal(code, 4008);
      assert.deepEqual([server.stats().envs, server.stats().cost, server.stats().handles], [0, 0, 0]);
      assert.deepEqual(made.map((e) => e.closed), [true, true]);
    } finally {
      await server.close();
    }
  });
});

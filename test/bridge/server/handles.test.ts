import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { spec } from '../../../src/registry/registry.ts';
import { EnvHandle, VectorHandle } from '../../../bridge/server/handles.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { decode, encode } from '../../../bridge/protocol/msgpack.ts';
import { Shaped, WireBools } from '../../../bridge/protocol/array-codec.ts';
import { EdgeLLMVectorEnv } from '../../../envs/edge-llm/edge-llm-vector-env.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';

const action = () => ({ cache: new Int8Array(20), local: new Float32Array(20).fill(0.5) });

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BridgeError, String(e));
    return `${e.code}: ${e.message}`;
  }
  return 'ok';
}

describe('bridge/server/handles', () => {
  it('answers reset_needed after a time-limit truncation, until the next reset (finding 6)', () => {
    const h = new EnvHandle(spec('EdgeLLM-v0'), { config: {}, cost: 1, infos: true, maxEpisodeSteps: 2 });
    h.reset(1, undefined);
    assert.equal(h.step(action()).truncated, false);
    assert.equal(h.step(action()).truncated, true);
    assert.match(code(() => h.step(action())), /^reset_needed: The episode ended \(truncated/);
    h.reset(2, undefined);
    assert.equal(h.step(action()).truncated, false);
    h.close();
  });

  it('rejects an action array whose wire shape is not the space shape, though the entries count matches (finding 6)', () => {
    const h = new EnvHandle(spec('EdgeLLM-v0'), { config: {}, cost: 1, infos: true });
    h.reset(1, undefined);
    const wire = decode(encode({ cache: new Int8Array(20), local: new Shaped(new Float32Array(20).fill(0.5), [2, 10]) })) as Record<string, unknown>;
    assert.match(code(() => h.step(wire)), /^invalid_action: Invalid action: action.local has shape \(2, 10\) but the space's shape is \(20,\)/);
    const nested = { cache: new Int8Array(20), local: [Array(10).fill(0.5), Array(10).fill(0.5)] };
    assert.match(code(() => h.step(nested)), /action.local has shape \(2, 10\)/);
    assert.equal(code(() => h.step({ cache: new Int8Array(20), local: Array(20).fill(0.5) })), 'ok');
    h.close();
  });

  it('checks a batched action against the batch shape', () => {
    const v = new VectorHandle(spec('EdgeLLM-v0'), { config: {}, cost: 2, infos: true, numEnvs: 2, autoreset: 'next-step' });
    v.reset(1, undefined);
    const good = decode(encode({ cache: new Shaped(new Int8Array(40), [2, 20]), local: new Shaped(new Float32Array(40).fill(0.5), [2, 20]) }));
    assert.equal(code(() => v.step(good)), 'ok');
    const bad = decode(encode({ cache: new Shaped(new Int8Array(40), [4, 10]), local: new Shaped(new Float32Array(40).fill(0.5), [2, 20]) }));
    assert.match(code(() => v.step(bad)), /action.cache has shape \(4, 10\) but the space's shape is \(2, 20\)/);
    v.close();
  });

  it('steps the batch-native env for ids with a vector entry point, describing the sub-env spec make would give', () => {
    const v = new VectorHandle(spec('EdgeLLM-v0'), { config: { horizon: 3 }, cost: 2, infos: true, numEnvs: 2, autoreset: 'next-step', maxEpisodeSteps: 2 });
    assert.ok(v.venv instanceof EdgeLLMVectorEnv);
    const e = new EnvHandle(spec('EdgeLLM-v0'), { config: { horizon: 3 }, cost: 1, infos: true, maxEpisodeSteps: 2 });
    assert.deepStrictEqual(v.describe().spec, { ...(e.describe().spec as object), disableEnvChecker: true });
    v.reset(1, undefined);
    const batch = { cache: new Int8Array(40), local: new Float32Array(40) };
    v.step(batch);
    assert.deepStrictEqual((v.step(batch) as { truncations: boolean[] }).truncations, [true, true], 'maxEpisodeSteps 2 truncates');
    // the next step resets both sub-envs and ignores their actions, but the wire contract still refuses a bad row
    batch.local[39] = 2;
    assert.match(code(() => v.step(batch)), /invalid_action: Invalid action: action.local\[39\] must be within \[0, 1\]; got 2/);
    assert.deepStrictEqual(v.render(), { frames: [null, null] });
    v.close();
    e.close();
    const m = new VectorHandle(spec('DDAMarket-v0'), { config: {}, cost: 2, infos: true, numEnvs: 2, autoreset: 'next-step' });
    assert.ok(m.venv instanceof SyncVectorEnv);
    m.close();
  });

  it('sends boolean lists as bool arrays when asked, decoding to the same replies (all autoreset modes, episode ends included)', () => {
    for (const autoreset of ['next-step', 'same-step', 'disabled'] as const) {
      const [plain, packed] = [false, true].map(
        (boolArrays) => new VectorHandle(spec('EdgeLLM-v0'), { config: { horizon: 3 }, cost: 3, infos: true, numEnvs: 3, autoreset, boolArrays }),
      );
      const both = <T>(f: (h: VectorHandle) => T): [T, T] => [f(plain!), f(packed!)];
      const [r0, r1] = both((h) => h.reset([4, 5, 6], undefined));
      assert.deepStrictEqual(decode(encode(r1)), decode(encode(r0)), `${autoreset}: reset`);
      let ends = 0;
      for (let t = 0; t < 7; t++) {
        const batch = { cache: Int8Array.from({ length: 60 }, (_, i) => (i + t) % 2), local: new Float32Array(60).fill(t / 10) };
        if (autoreset === 'disabled' && t % 3 === 0 && t > 0) {
          const [a, b] = both((h) => h.reset(undefined, { reset_mask: [true, true, true] }));
          assert.deepStrictEqual(decode(encode(b)), decode(encode(a)), `${autoreset}: masked reset ${t}`);
        }
        const [a, b] = both((h) => h.step(batch));
        assert.ok(b.terminations instanceof WireBools && b.truncations instanceof WireBools, 'flags go as bool arrays');
        assert.ok(Array.isArray(a.terminations), 'a client before 1.2 gets lists');
        const info = b.info as Record<string, unknown>;
        assert.ok(info._requests instanceof WireBools, `${autoreset} step ${t}: masks go as bool arrays`);
        if ('memoryBound' in info) assert.ok(info.memoryBound instanceof WireBools, 'boolean entries go as bool arrays');
        if (info.final_obs !== undefined) {
          ends++;
          assert.ok(Array.isArray(info.final_obs), 'final_obs stays a list of observations');
        }
        assert.deepStrictEqual(decode(encode(b)), decode(encode(a)), `${autoreset}: step ${t}`);
      }
      if (autoreset === 'same-step') assert.ok(ends > 0, 'an episode ended with final_obs');
      plain!.close();
      packed!.close();
    }
  });

  it('shows NaN as NaN in error messages (finding 6)', () => {
    const h = new EnvHandle(spec('EdgeLLM-v0'), { config: {}, cost: 1, infos: true });
    h.reset(1, undefined);
    assert.match(code(() => h.step({ cache: new Int8Array(20), local: new Float32Array(20).fill(NaN) })), /action.local\[0\] is NaN/);
    h.close();
    assert.throws(() => new EnvHandle(spec('EdgeLLM-v0'), { config: { slotSeconds: NaN }, cost: 1, infos: true }), /got NaN/);
  });
});

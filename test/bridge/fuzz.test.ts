import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { make } from '../../src/registry/registry.ts';
import { Generator } from '../../src/random/generator.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { Connection } from '../../bridge/client/connection.ts';
import { encode } from '../../bridge/protocol/msgpack.ts';
import { ERROR_CODES } from '../../bridge/protocol/error-codes.ts';
import { helloClient, type RawClient, type RawReply } from './helpers.ts';

const FRAMES = 12_000;

/** Frames that are wrong in every way we can think of, drawn from a seeded generator. */
function fuzzFrame(rng: Generator, handle: number, valid: Uint8Array[]): Uint8Array {
  const kind = rng.integers(0, 12);
  const pick = (): Uint8Array => valid[rng.integers(0, valid.length)]!;
  const junk = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.integers(0, 256));
  switch (kind) {
    case 0:
      return junk(rng.integers(0, 300));
    case 1: {
      const f = pick().slice();
      for (let k = 0; k < 1 + rng.integers(0, 4); k++) f[rng.integers(0, f.length)] = rng.integers(0, 256);
      return f;
    }
    case 2: {
      const f = pick();
      return f.slice(0, rng.integers(0, f.length));
    }
    case 3: {
      const f = pick();
      const out = new Uint8Array(f.length + 3);
      out.set(f);
      out.set(junk(3), f.length);
      return out;
    }
    case 4: {
      const fields = ['handle', 'seed', 'action', 'env', 'config', 'numEnvs', 'options', 'id', 'op'];
      const values: unknown[] = ['x', -1, 1.5, null, true, [], {}, [1, [2, [3]]], 2 ** 53, -(2 ** 60), new Float64Array(3), 'EdgeLLM-v0', { reset_mask: [true] }];
      const msg: Record<string, unknown> = { id: rng.integers(0, 1e6), op: ['step', 'reset', 'make', 'close', 'render', 'evaluate.step', 'ping'][rng.integers(0, 7)] };
      for (let k = 0; k < 1 + rng.integers(0, 3); k++) msg[fields[rng.integers(0, fields.length)]!] = values[rng.integers(0, values.length)];
      return encode(msg);
    }
    case 5: {
      const v = [NaN, Infinity, -Infinity, -0, 1e300, -1e-300][rng.integers(0, 6)]!;
      return encode({ id: 1, op: 'step', handle, action: { cache: new Int8Array(20), local: new Float32Array(20).fill(v) } });
    }
    case 6:
      return encode({ id: 2, op: 'step', handle, action: { cache: new Float64Array(20).fill(Infinity), local: [NaN] } });
    case 7: {
      // A wire array whose shape claims far more entries than its data holds.
      const head = encode({ id: 3, op: 'step', handle, action: { local: { dtype: 'float32', shape: [1e9, 1e9], data: 'x' } } });
      return head;
    }
    case 8:
      // array32 / map32 / str32 / bin32 headers claiming 2^31 elements.
      return Uint8Array.from([[0xdd, 0x7f, 0xff, 0xff, 0xff], [0xdf, 0x7f, 0xff, 0xff, 0xff], [0xdb, 0x7f, 0xff, 0xff, 0xff], [0xc6, 0x7f, 0xff, 0xff, 0xff]][rng.integers(0, 4)]!);
    case 9:
      return encode({ id: 4, op: `op-${rng.integers(0, 1000)}` });
    case 10:
      return new Uint8Array(rng.integers(1, 2000)).fill(0x91);
    default:
      return Uint8Array.from([0xd4 + rng.integers(0, 5), rng.integers(0, 256), ...junk(16)]);
  }
}

describe('bridge fuzzing', function () {
  this.timeout(120_000);
  let server: BridgeServer;
  before(async () => {
    server = await startServer({ port: 0, log: 'silent', maxPayload: 256 * 1024, maxEnvsPerSession: 64 });
  });
  after(() => server.close());

  it(`answers ${FRAMES} random and mutated frames with typed errors (or closes that connection) while a good client is unaffected`, async () => {
    const rng = new Generator(20260101);
    let goodSteps = 0;
    let goodError: unknown = null;
    let fuzzDone = false;

    // The well-behaved client, in parallel: every reply must be correct.
    const good = (async () => {
      const conn = await Connection.open(server.url);
      const { handle } = await conn.request('make', { env: 'EdgeLLM-v0' });
      const local = make('EdgeLLM-v0');
      let obs = (await conn.request('reset', { handle, seed: 5 })).obs as Float32Array;
      let lobs = local.reset({ seed: 5 })[0] as Float32Array;
      local.actionSpace.seed(1);
      while (!fuzzDone || goodSteps < 200) {
        assert.deepEqual(obs, lobs);
        const a = local.actionSpace.sample();
        const r = await conn.request('step', { handle, action: a });
        const l = local.step(a);
        assert.equal(r.reward, l[1]);
        obs = r.obs as Float32Array;
        lobs = l[0] as Float32Array;
        if (l[3]) {
          obs = (await conn.request('reset', { handle })).obs as Float32Array;
          lobs = local.reset()[0] as Float32Array;
        }
        goodSteps++;
      }
      await conn.close();
    })().catch((e: unknown) => {
      goodError = e;
    });

    let client: RawClient = await helloClient(server.url);
    let handle = (await client.call({ op: 'make', env: 'EdgeLLM-v0' })).handle as number;
    await client.call({ op: 'reset', handle, seed: 1 });
    const valid = [
      encode({ id: 10, op: 'step', handle, action: { cache: new Int8Array(20), local: new Float32Array(20) } }),
      encode({ id: 11, op: 'reset', handle, seed: 3 }),
      encode({ id: 12, op: 'make', env: 'EdgeLLM-v0', config: { agents: 2 }, numEnvs: 2 }),
      encode({ id: 13, op: 'ping', payload: { a: [1, 2, 3] } }),
    ];
    let sent = 0;
    let answered = 0;
    let closes = 0;
    const codes = new Map<string, number>();
    while (sent < FRAMES) {
      const batch = Array.from({ length: 100 }, () => fuzzFrame(rng, handle, valid));
      sent += batch.length;
      const replies = await Promise.all(
        batch.map((f) =>
          Promise.race([client.raw(f).then((r) => r as RawReply | 'closed'), client.closed.then(() => 'closed' as const)]),
        ),
      );
      for (const r of replies) {
        if (r === 'closed') continue;
        answered++;
        if (!r.ok) {
          assert.ok((ERROR_CODES as readonly string[]).includes(r.error!.code), `untyped error ${JSON.stringify(r.error)}`);
          assert.ok(r.error!.message.length > 0 && r.error!.hint.length > 0);
          assert.notEqual(r.error!.code, 'internal', `internal error for a fuzz frame: ${r.error!.message}`);
          codes.set(r.error!.code, (codes.get(r.error!.code) ?? 0) + 1);
        }
      }
      if (client.ws.readyState !== client.ws.OPEN) {
        closes++;
        client = await helloClient(server.url);
        handle = (await client.call({ op: 'make', env: 'EdgeLLM-v0' })).handle as number;
        await client.call({ op: 'reset', handle, seed: 1 });
      }
    }
    fuzzDone = true;
    await good;
    client.close();
    assert.equal(goodError, null, String(goodError));
    assert.ok(sent >= 10_000);
    assert.ok(answered >= sent * 0.9, `answered ${answered} of ${sent} (closes ${closes})`);
    for (const code of ['bad_frame', 'bad_request', 'unknown_op', 'invalid_action']) assert.ok((codes.get(code) ?? 0) > 0, `no ${code} seen`);
    assert.ok(goodSteps >= 200);
    const after = await helloClient(server.url);
    assert.equal((await after.call({ op: 'ping', payload: 'still up' })).payload, 'still up');
    after.close();
  });
});

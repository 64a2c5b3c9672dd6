import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { make } from '../../src/registry/registry.ts';
import { Connection } from '../../bridge/client/connection.ts';
import { startServerThread, type ServerThread } from '../../bridge/server/server-thread.ts';
import { eventually } from './helpers.ts';

const SESSIONS = 100;
const STEPS = 1000;
const WINDOW = 25;
const HORIZON = 100;

function actionAt(session: number, t: number): { cache: Int8Array; local: Float32Array } {
  const cache = new Int8Array(20);
  const local = new Float32Array(20);
  for (let p = 0; p < 20; p++) {
    cache[p] = (session + t + p) % 4 === 0 ? 1 : 0;
    local[p] = ((session * 3 + t * 5 + p) % 9) / 8;
  }
  return { cache, local };
}

describe('bridge load', function () {
  this.timeout(120_000);
  let server: ServerThread;
  before(async () => {
    server = await startServerThread({ port: 0, maxSessions: SESSIONS + 10, maxPendingHello: SESSIONS + 10 });
  });
  after(() => server.close());

  it(`serves ${SESSIONS} concurrent sessions × ${STEPS} pipelined steps with no lost, duplicated or reordered reply`, async () => {
    const conns = await Promise.all(Array.from({ length: SESSIONS }, () => Connection.open(server.url)));
    assert.equal((await server.stats()).sessions, SESSIONS);
    const rewardSums = await Promise.all(
      conns.map(async (conn, s) => {
        const { handle } = await conn.request('make', { env: 'EdgeLLM-v0' });
        await conn.request('reset', { handle, seed: 1000 + s });
        let sum = 0;
        let replies = 0;
        for (let start = 0; start < STEPS; start += WINDOW) {
          const inFlight: Promise<Record<string, unknown>>[] = [];
          const expectSlot: number[] = [];
          for (let t = start; t < start + WINDOW; t++) {
            inFlight.push(conn.request('step', { handle, action: actionAt(s, t) }));
            expectSlot.push((t % HORIZON) + 1);
            if ((t + 1) % HORIZON === 0) {
              inFlight.push(conn.request('reset', { handle }));
              expectSlot.push(0);
            }
          }
          const got = await Promise.all(inFlight);
          got.forEach((r, k) => {
            replies++;
            const obs = r.obs as Float32Array;
            const slot = expectSlot[k]!;
            if (slot === 0) {
              assert.equal(obs[80], 0, `session ${s}: reset reply out of place`);
              return;
            }
            assert.equal((r.info as { slot: number }).slot, slot, `session ${s}: step reply out of order`);
            assert.equal(obs[80], Math.fround(slot / HORIZON));
            assert.equal(r.truncated, slot === HORIZON);
            sum += r.reward as number;
          });
        }
        assert.equal(replies, STEPS + STEPS / HORIZON);
        assert.equal(conn.pending, 0);
        return sum;
      }),
    );
    for (const s of [0, 57, SESSIONS - 1]) {
      const env = make('EdgeLLM-v0');
      env.reset({ seed: 1000 + s });
      let sum = 0;
      for (let t = 0; t < STEPS; t++) {
        const r = env.step(actionAt(s, t));
        sum += r[1];
        if (r[3]) env.reset();
      }
      assert.equal(rewardSums[s], sum, `session ${s} rewards differ from in-process`);
    }
    await Promise.all(conns.map((c) => c.close()));
    await eventually(async () => (await server.stats()).sessions === 0, 10_000, 'sessions closed');
    const stats = await server.stats();
    assert.equal(stats.envs, 0);
    assert.equal(stats.errors, 0);
  });
});

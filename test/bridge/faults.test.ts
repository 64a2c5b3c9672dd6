import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '../../envs/index.ts';
import { Connection } from '../../bridge/client/connection.ts';
import { startServerThread, type ServerThread } from '../../bridge/server/server-thread.ts';
import { eventually } from './helpers.ts';

const CLIENT = fileURLToPath(new URL('./fixtures/killable-client.mjs', import.meta.url));

function startChild(url: string, numEnvs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, url, String(numEnvs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve(child);
      if (out.includes('error')) reject(new Error(out));
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`client exited early with ${code}: ${out}`)));
  });
}

describe('bridge faults', function () {
  this.timeout(120_000);
  let server: ServerThread;
  before(async () => {
    // Sessions on the server thread itself (workers: 0), so that its heap is where the envs live.
    server = await startServerThread({ port: 0, maxSessions: 64, maxPendingHello: 64, workers: 0 });
  });
  after(() => server.close());

  it('reaps the sessions of killed clients and returns to the baseline memory', async () => {
    // Warm up every code path once, then take the baseline.
    const warm = await Connection.open(server.url);
    const w = await warm.request('make', { env: 'EdgeLLM-v0', numEnvs: 16 });
    await warm.request('reset', { handle: w.handle, seed: 1 });
    await warm.close();
    await eventually(async () => (await server.stats()).sessions === 0, 10_000, 'warm-up session closed');
    const baseline = (await server.stats(true)).heapUsed;

    // Child processes stepping vector envs, killed with SIGKILL mid-episode.
    const children = await Promise.all(Array.from({ length: 4 }, () => startChild(server.url, 64)));
    // In-process clients whose sockets are destroyed without a close frame.
    const conns = await Promise.all(Array.from({ length: 20 }, () => Connection.open(server.url)));
    await Promise.all(
      conns.map(async (c) => {
        const m = await c.request('make', { env: 'EdgeLLM-v0', numEnvs: 32 });
        await c.request('reset', { handle: m.handle, seed: 2 });
        void c.request('step', { handle: m.handle, action: { cache: new Int8Array(32 * 20), local: new Float32Array(32 * 20) } }).catch(() => undefined);
      }),
    );
    const loaded = await server.stats(true);
    assert.equal(loaded.sessions, 24);
    assert.equal(loaded.envs, 4 * 64 + 20 * 32);
    for (const child of children) child.kill('SIGKILL');
    for (const c of conns) (c as unknown as { ws: { terminate(): void } }).ws.terminate();

    await eventually(async () => {
      const s = await server.stats();
      return s.sessions === 0 && s.envs === 0 && s.handles === 0;
    }, 20_000, 'killed sessions reaped');
    const after = (await server.stats(true)).heapUsed;
    if (process.env.BRIDGE_TEST_VERBOSE) console.log({ baseline, loaded: loaded.heapUsed, after });
    const growth = loaded.heapUsed - baseline;
    assert.ok(growth > 0, 'the loaded server used more memory than the idle one');
    assert.ok(after - baseline < Math.max(4 * 1024 * 1024, 0.25 * growth), `heap did not return to baseline: baseline ${baseline}, loaded ${loaded.heapUsed}, after ${after}`);

    const ok = await Connection.open(server.url);
    assert.deepEqual((await ok.request('ping', { payload: 1 })).payload, 1);
    await ok.close();
  });
});

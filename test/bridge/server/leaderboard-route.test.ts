import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../envs/index.ts';
import { startServer, type BridgeServer } from '../../../bridge/server/server.ts';
import { isLeaderboardPath } from '../../../bridge/server/leaderboard-route.ts';
import { evaluateRemote } from '../../../bridge/client/remote-evaluation.ts';
import { makeBaseline } from '../../../agents/baselines/index.ts';
import { runLeaderboard } from '../../../agents/evaluation/leaderboard.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bridge/server/leaderboard-route', function () {
  this.timeout(60_000);
  let dir: string;
  let server: BridgeServer;
  let base: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lb-route-'));
    server = await startServer({ port: 0, log: 'silent', resultsDir: dir, evalEpisodes: 2 });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recognizes its paths only', () => {
    for (const p of ['/leaderboard', '/leaderboard/', '/leaderboard/index.html', '/leaderboard?x=1']) assert.ok(isLeaderboardPath(p), p);
    for (const p of ['/', '/leaderboards', '/leaderboard/../x', '/status', undefined]) assert.ok(!isLeaderboardPath(p), String(p));
  });

  it('says how to get results when there are none yet', async () => {
    const r = await http(`${base}/leaderboard`);
    assert.equal(r.status, 404);
    assert.match(r.body, /No results yet.*npm start/);
  });

  it('serves the page of leaderboard.json, then with a remote evaluation marked as such', async () => {
    await runLeaderboard({ envs: ['EdgeLLM-v0'], agents: ['cloud', 'popularity'], episodes: 2, outDir: dir });
    const first = await http(`${base}/leaderboard`);
    assert.equal(first.status, 200);
    assert.match(String(first.headers['content-type']), /^text\/html/);
    assert.match(String(first.headers['content-security-policy']), /default-src 'none'/);
    assert.match(first.body, /<table class="ranking" data-env="EdgeLLM-v0"/);
    assert.doesNotMatch(first.body, /badge remote/);
    const head = await http(`${base}/leaderboard/`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(first.body));

    const remote = await evaluateRemote(server.url, 'EdgeLLM-v0', (ctx) => makeBaseline('lfu', ctx), { agentName: 'far-lfu' });
    assert.equal(remote.recorded, true);
    const second = await http(`${base}/leaderboard`);
    assert.match(second.body, /<span class="agent">far-lfu<\/span> <span class="badge remote"/);
    // the status page is still where it was
    assert.match((await http(`${base}/`, 'GET', { accept: 'application/json' })).body, /"protocol"/);
  });

  it('reports a damaged file without the server path, and refuses writes', async () => {
    writeFileSync(join(dir, 'leaderboard.json'), '{"results": 1');
    const r = await http(`${base}/leaderboard`);
    assert.equal(r.status, 500);
    assert.match(r.body, /The leaderboard cannot be shown: .*JSON/);
    assert.ok(!r.body.includes(dir), 'no server path in the message');
    assert.equal((await http(`${base}/leaderboard`, 'POST')).status, 405);
  });

  it('requires the token like the status page', async () => {
    const guarded = await startServer({ port: 0, log: 'silent', resultsDir: dir, token: 'sesame' });
    try {
      const url = `http://127.0.0.1:${guarded.port}/leaderboard`;
      assert.equal((await http(url)).status, 401);
      assert.equal((await http(url, 'GET', { authorization: 'Bearer wrong' })).status, 401);
      assert.notEqual((await http(url, 'GET', { authorization: 'Bearer sesame' })).status, 401);
    } finally {
      await guarded.close();
    }
  });
});

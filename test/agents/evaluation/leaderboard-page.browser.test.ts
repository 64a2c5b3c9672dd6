/**
 * The leaderboard page in a real browser: Debian's chromium driven by playwright-core opens the page from
 * disk and from the bridge server, checks the tables against leaderboard.json, sorts columns (mouse and
 * keyboard), opens episode views and saves screenshots. Skipped, with a message, where chromium is missing.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import '../../../envs/index.ts';
import { runLeaderboard } from '../../../agents/orchestration/leaderboard.ts';
import type { LeaderboardFile } from '../../../agents/evaluation/leaderboard-file.ts';
import { curveSeries, seedBandSeries } from '../../../agents/t2drl/training/curve-series.ts';
import { curveFromJSON } from '../../../agents/t2drl/training/learning-curve.ts';
import { SHIPPED_CHECKPOINT_DIR } from '../../../agents/t2drl/acting/shipped-checkpoints.ts';
import { makeBaseline } from '../../../agents/baselines/edge-llm/index.ts';
import { startServer } from '../../../bridge/server/server.ts';
import { evaluateRemote } from '../../../bridge/client/remote-evaluation.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** The little of the DOM the page callbacks use (the type check runs without the DOM library). */
interface El {
  readonly children: ArrayLike<El>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
}

/** Texts of the table of `env`, row by row, cells by column key. */
async function tableTexts(page: Page, env: string): Promise<Record<string, string>[]> {
  return page.$$eval(`table.ranking[data-env="${env}"] tbody tr`, (rows: El[]) =>
    rows.map((tr) => Object.fromEntries(Array.from(tr.children).map((c) => [c.getAttribute('data-key') ?? '', c.querySelector('.agent')?.textContent ?? c.textContent ?? '']))),
  );
}

/** The table of `env` holds the values of leaderboard.json, in rank order. */
async function checkTable(page: Page, board: LeaderboardFile, env: string): Promise<void> {
  const want = board.results.filter((r) => r.env === env).sort((a, b) => a.meanCost - b.meanCost);
  const rows = await tableTexts(page, env);
  assert.deepEqual(rows.map((r) => r.agent), want.map((r) => r.agent), `${env}: agents in rank order`);
  rows.forEach((row, i) => {
    const r = want[i]!;
    assert.equal(row.rank, String(i + 1));
    assert.equal(row.meanCost, r.meanCost.toFixed(4));
    assert.equal(row.ci, `[${r.ci95[0].toFixed(4)}, ${r.ci95[1].toFixed(4)}]`);
    assert.equal(row.iqm, r.iqm.toFixed(4));
    assert.equal(row.cloud, r.costs!.cloud!.toFixed(4));
  });
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
}

describe('agents/evaluation/leaderboard-page in chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;
  let shots: string;
  let board: LeaderboardFile;
  const pageErrors: string[] = [];
  const requests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipping the browser tests: ${CHROMIUM} is missing (Debian: apt-get update && apt-get install -y chromium)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'lb-page-'));
    shots = process.env.LEADERBOARD_SCREENSHOTS ?? join(dir, 'screenshots');
    const curve = (agent: string, env: string) => {
      const c = JSON.parse(readFileSync(join(SHIPPED_CHECKPOINT_DIR, `${agent}-${env}-s42.json`), 'utf8')) as { curve: unknown };
      return curveSeries(agent, env, curveFromJSON(c.curve));
    };
    const banded = (agent: string, env: string) => {
      const rows = (seed: number) => curveFromJSON((JSON.parse(readFileSync(join(SHIPPED_CHECKPOINT_DIR, `ppo-EdgeLLM-Flip-v0-s${seed}.json`), 'utf8')) as { curve: unknown }).curve);
      return seedBandSeries(agent, env, [{ seed: 1, rows: rows(1) }, { seed: 2, rows: rows(2) }]);
    };
    board = await runLeaderboard({
      envs: ['EdgeLLM-v0', 'DDAMarket-v0'],
      agents: ['cloud', 'popularity', 'greedy', 'random', 'adaptive-step', 'large-step'],
      episodes: 2,
      outDir: dir,
      // t2drl's curve drawn with a seed band: the curves of two training seeds (those of ppo on Flip, relabelled)
      meta: { learningCurves: [curve('ppo', 'EdgeLLM-v0'), banded('t2drl', 'EdgeLLM-v0')] },
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    if (dir !== undefined && process.env.LEADERBOARD_SCREENSHOTS === undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string, headers: Record<string, string> = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: headers });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url);
    await ready(page);
    return page;
  }

  it('opens from disk: tables match leaderboard.json, charts have text alternatives, nothing is fetched', async () => {
    const page = await open(pathToFileURL(join(dir, 'index.html')).href);
    const json = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    await checkTable(page, json, 'EdgeLLM-v0');
    const market = await tableTexts(page, 'DDAMarket-v0');
    const m = json.results.filter((r) => r.env === 'DDAMarket-v0');
    for (const row of market) {
      const r = m.find((x) => x.agent === row.agent)!;
      assert.equal(row.welfare, r.welfareRatio!.mean.toFixed(4));
    }
    const figures = await page.$$eval('figure[data-chart]', (figs: El[]) =>
      figs.map((f) => {
        const svg = f.querySelector('svg[role="img"]');
        const doc = (globalThis as unknown as { document: { getElementById(id: string): El | null } }).document;
        const cap = svg ? doc.getElementById(svg.getAttribute('aria-labelledby') ?? '') : null;
        return { kind: f.getAttribute('data-chart'), svg: svg !== null, caption: cap?.textContent ?? '' };
      }),
    );
    assert.deepEqual(figures.map((f) => f.kind).sort(), ['breakdown', 'cost', 'cost', 'learning']);
    for (const f of figures) {
      assert.ok(f.svg, `${f.kind}: an SVG with role img`);
      assert.ok(f.caption.length > 60, `${f.kind}: caption "${f.caption}"`);
    }
    assert.equal(await page.locator('figure[data-chart="learning"] svg path.band').count(), 1, 'one seed band, for the agent with two training seeds');
    assert.match(figures.find((f) => f.kind === 'learning')!.caption, /several training seeds/);
    assert.match((await page.locator('figure[data-chart="learning"] details table').textContent()) ?? '', /t2drl \(mean of seeds 1, 2\)/);
    await page.locator('#scenario-EdgeLLM-v0').screenshot({ path: join(shots, 'leaderboard-table.png') });
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(requests, [], 'the page requests nothing');
    await page.context().close();
  });

  it('sorts by any column, with the mouse and from the keyboard', async () => {
    const page = await open(pathToFileURL(join(dir, 'index.html')).href);
    const table = 'table.ranking[data-env="EdgeLLM-v0"]';
    const agents = async () => (await tableTexts(page, 'EdgeLLM-v0')).map((r) => r.agent);
    const sortOf = (key: string) => page.getAttribute(`${table} thead th[data-key="${key}"]`, 'aria-sort');
    const entries = board.results.filter((r) => r.env === 'EdgeLLM-v0');
    const byCloud = [...entries].sort((a, b) => a.costs!.cloud! - b.costs!.cloud!).map((r) => r.agent);

    await page.click(`${table} thead th[data-key="cloud"] button`);
    assert.equal(await sortOf('cloud'), 'ascending');
    assert.equal(await sortOf('rank'), 'none');
    assert.deepEqual(await agents(), byCloud);
    await page.click(`${table} thead th[data-key="cloud"] button`);
    assert.equal(await sortOf('cloud'), 'descending');
    assert.deepEqual(await agents(), [...byCloud].reverse());

    await page.focus(`${table} thead th[data-key="agent"] button`);
    await page.keyboard.press('Enter');
    assert.equal(await sortOf('agent'), 'ascending');
    assert.equal(await sortOf('cloud'), 'none');
    assert.deepEqual(await agents(), entries.map((r) => r.agent).sort((a, b) => a.localeCompare(b)));
    await page.keyboard.press('Space');
    assert.equal(await sortOf('agent'), 'descending');
    await page.locator(table).screenshot({ path: join(shots, 'leaderboard-sorted.png') });
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });

  it('opens an episode: the per-slot record adds up to the episode in leaderboard.json', async () => {
    const page = await open(pathToFileURL(join(dir, 'index.html')).href);
    await page.selectOption('#pick-env', 'EdgeLLM-v0');
    await page.selectOption('#pick-agent', 'greedy');
    await page.selectOption('#pick-seed', String(board.meta.seedBase + 1));
    const ep = board.results.find((r) => r.env === 'EdgeLLM-v0' && r.agent === 'greedy')!.episodes[1]!;
    const summary = await page.textContent('#episode-summary');
    assert.match(summary!, new RegExp(`greedy on EdgeLLM-v0, seed ${ep.seed}: mean cost ${ep.meanCost.toFixed(4)} per slot over 100 slots`));
    assert.equal(await page.locator('#episode-charts svg[role="img"]').count(), 4);
    const totals = await page.$$eval('#episode-table tbody tr', (rows: El[]) => rows.map((tr) => Number(tr.children[6]!.textContent)));
    assert.equal(totals.length, 100);
    assert.ok(Math.abs(totals.reduce((a, b) => a + b, 0) / 100 - ep.meanCost) < 1e-3, 'slot totals average to the mean cost');
    const evictions = await page.$$eval('#episode-table tbody tr', (rows: El[]) => rows.reduce((s, tr) => s + Number(tr.children[8]!.textContent), 0));
    assert.equal(evictions, ep.evictions);
    assert.match(page.url(), /#episode=EdgeLLM-v0\/greedy\/10001$/);
    await page.locator('#episode').screenshot({ path: join(shots, 'leaderboard-episode.png') });

    await page.selectOption('#pick-env', 'DDAMarket-v0');
    assert.match((await page.textContent('#episode-summary'))!, /on DDAMarket-v0, seed \d+: welfare \/ OPT/);
    assert.equal(await page.locator('#episode-charts svg[role="img"]').count(), 3);
    await page.locator('#episode').screenshot({ path: join(shots, 'leaderboard-episode-market.png') });
    await page.locator('#run').screenshot({ path: join(shots, 'leaderboard-run.png') });
    for (const f of ['leaderboard-table.png', 'leaderboard-sorted.png', 'leaderboard-episode.png', 'leaderboard-run.png']) {
      assert.ok(statSync(join(shots, f)).size > 10_000, `${f} saved`);
    }
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });

  it('opens from the bridge server at /leaderboard (token required), with a remote evaluation marked', async () => {
    const server = await startServer({ port: 0, log: 'silent', resultsDir: dir, evalEpisodes: 2, token: 'page-token' });
    try {
      const remote = await evaluateRemote(server.url, 'EdgeLLM-v0', (ctx) => makeBaseline('lfu', ctx), { agentName: 'far-lfu', token: 'page-token' });
      assert.equal(remote.recorded, true);
      const url = `http://127.0.0.1:${server.port}/leaderboard`;
      const denied = await (await browser.newContext()).newPage();
      assert.equal((await denied.goto(url))!.status(), 401);
      await denied.context().close();
      const page = await open(url, { authorization: 'Bearer page-token' });
      const json = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
      await checkTable(page, json, 'EdgeLLM-v0');
      const badge = await page.textContent(`table.ranking[data-env="EdgeLLM-v0"] tr[data-agent="far-lfu"] .badge.remote`);
      assert.equal(badge, 'remote');
      await page.selectOption('#pick-env', 'EdgeLLM-v0');
      await page.selectOption('#pick-agent', 'far-lfu');
      assert.match((await page.textContent('#episode-summary'))!, /far-lfu \(remote\) on EdgeLLM-v0, seed 10000/);
      await page.locator('#scenario-EdgeLLM-v0').screenshot({ path: join(shots, 'leaderboard-served.png') });
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(requests, [], 'the page requests nothing but itself');
      await page.context().close();
    } finally {
      await server.close();
    }
  });
});


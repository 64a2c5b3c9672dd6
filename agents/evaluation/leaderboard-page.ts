/**
 * The leaderboard as one self-contained web page (`results/index.html`): per scenario the ranked table
 * (sortable by any column), the charts (mean cost with 95 % CIs, cost breakdown per agent, learning
 * curves of the evaluated checkpoints), the run metadata, and a per-episode view (pick scenario, agent and
 * seed → per-slot cost terms, resident pairs, local share, evictions). The tables are rendered here; the
 * charts are drawn in the browser as inline SVG by a small script from the leaderboard JSON embedded in the
 * page, so the page needs no network access and no other file.
 *
 * The "÷ oracle" column appears in a scenario's table when one of its entries is the oracle: an entry with
 * `oracle: true`, or a local (not remote) entry whose agent is named `oracle`.
 * @module
 */
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../src/utils/atomic-write.ts';
import type { EvaluationResult } from './evaluate.ts';
import type { LeaderboardFile } from './leaderboard-file.ts';
import { BASELINE_AGENTS, bestBaselineCost, byEnv, pairedComparisons, seedCells } from './leaderboard-report.ts';
import { PAGE_SCRIPT } from './leaderboard-page-script.ts';
import { PAGE_STYLE } from './leaderboard-page-style.ts';

/** File name of the page in the results directory. */
export const LEADERBOARD_PAGE_FILE = 'index.html';

/** Agent name that marks the oracle entry of a scenario (see {@link isOracle}). */
export const ORACLE_AGENT = 'oracle';

/** One learning curve as recorded in `meta.learningCurves` (by the learning agents' leaderboard step). */
export interface LearningCurveSeries {
  /** Scenario the checkpoint was trained on. */
  env: string;
  /** Agent (`ppo`, `t2drl`). */
  agent: string;
  /** What `train` and `validation` measure (e.g. `mean cost per step`). */
  metric: string;
  /** Environment steps of each point. */
  x: number[];
  /** Training episodes (stochastic policy); `null` where none ended. */
  train: (number | null)[];
  /** Validation episodes (deterministic policy); `null` where not validated. */
  validation: (number | null)[];
  /**
   * Curves of several training seeds drawn as one: the seeds, in which case `train` and `validation` are the
   * means over the seeds at each point and the page draws the seed band below.
   */
  trainingSeeds?: number[];
  /** With `trainingSeeds`: the lowest validation value over the seeds at each point (`null` where not validated). */
  validationMin?: (number | null)[];
  /** With `trainingSeeds`: the highest validation value over the seeds at each point. */
  validationMax?: (number | null)[];
}

/** An entry of the leaderboard as the page reads it. */
type Entry = EvaluationResult & { source?: string; oracle?: boolean };

/** `true` for the oracle entry: `oracle: true`, or a local entry named {@link ORACLE_AGENT}. */
export function isOracle(entry: Entry): boolean {
  return entry.oracle === true || (entry.agent === ORACLE_AGENT && entry.source !== 'remote');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const fixed = (x: number | undefined, digits = 4): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const pct = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** One cell: its text and the value it sorts by. */
interface Cell {
  text: string;
  sort: number | string | undefined;
  html?: string;
}

interface Column {
  key: string;
  label: string;
  /** Numeric columns align right and sort as numbers. */
  numeric: boolean;
}

const num = (x: number | undefined, digits = 4): Cell => ({ text: fixed(x, digits), sort: x !== undefined && Number.isFinite(x) ? x : undefined });
const interval = (ci: readonly [number, number] | undefined, digits = 4): Cell =>
  ci === undefined ? { text: '–', sort: undefined } : { text: `[${fixed(ci[0], digits)}, ${fixed(ci[1], digits)}]`, sort: ci[0] };

function agentCell(r: Entry, markBaselines: boolean): Cell {
  const badges: string[] = [];
  if (r.source === 'remote') badges.push('<span class="badge remote" title="submitted by a remote agent through evaluate">remote</span>');
  if (isOracle(r)) badges.push('<span class="badge oracle" title="the reference of the ÷ oracle column">oracle</span>');
  if (markBaselines && BASELINE_AGENTS.includes(r.agent) && r.source !== 'remote') badges.push('<span class="badge baseline" title="a baseline">baseline</span>');
  return { text: r.agent, sort: r.agent, html: `<span class="agent">${escapeHtml(r.agent)}</span>${badges.length > 0 ? ' ' + badges.join(' ') : ''}` };
}

const meanReturn = (r: EvaluationResult): number => r.episodes.reduce((s, e) => s + e.return, 0) / Math.max(r.episodes.length, 1);

function isMarketGroup(rows: readonly Entry[]): boolean {
  return rows.length > 0 && rows.every((r) => r.welfareRatio !== undefined);
}

/** Columns and rows (ranked) of one scenario's table. */
function scenarioTable(rows: readonly Entry[]): { columns: Column[]; body: Cell[][]; caption: string } {
  if (isMarketGroup(rows)) {
    const ranked = [...rows].sort((a, b) => meanReturn(b) - meanReturn(a));
    return {
      caption: 'Ranked by mean return = welfare / OPT − message and round costs, per auction.',
      columns: [
        { key: 'rank', label: 'rank', numeric: true },
        { key: 'agent', label: 'agent', numeric: false },
        { key: 'welfare', label: 'welfare / OPT', numeric: true },
        { key: 'welfareCi', label: '95% CI', numeric: true },
        { key: 'rounds', label: 'rounds', numeric: true },
        { key: 'roundsCi', label: 'rounds 95% CI', numeric: true },
        { key: 'messages', label: 'messages', numeric: true },
        { key: 'return', label: 'return', numeric: true },
      ],
      body: ranked.map((r, i) => [
        { text: String(i + 1), sort: i + 1 },
        agentCell(r, false),
        num(r.welfareRatio?.mean),
        interval(r.welfareRatio?.ci95),
        num(r.rounds?.mean, 1),
        interval(r.rounds?.ci95, 1),
        num(r.messages, 0),
        num(meanReturn(r)),
      ]),
    };
  }
  const ranked = [...rows].sort((a, b) => a.meanCost - b.meanCost);
  const best = bestBaselineCost(rows);
  const oracle = rows.find(isOracle);
  const columns: Column[] = [
    { key: 'rank', label: 'rank', numeric: true },
    { key: 'agent', label: 'agent', numeric: false },
    { key: 'meanCost', label: 'mean cost', numeric: true },
    { key: 'ci', label: '95% CI', numeric: true },
    { key: 'iqm', label: 'IQM', numeric: true },
  ];
  const seeded = rows.some((r) => r.acrossSeeds !== undefined);
  if (seeded) columns.push({ key: 'trainingSeeds', label: 'training seeds', numeric: false }, { key: 'seedSpread', label: 'seed means (min–max)', numeric: true });
  columns.push({ key: 'vsBaseline', label: '÷ best baseline', numeric: true });
  if (oracle !== undefined) columns.push({ key: 'vsOracle', label: '÷ oracle', numeric: true });
  const hasCosts = rows.some((r) => r.costs !== undefined);
  if (hasCosts) {
    columns.push(
      { key: 'switching', label: 'switching', numeric: true },
      { key: 'communication', label: 'communication', numeric: true },
      { key: 'computation', label: 'computation', numeric: true },
      { key: 'accuracyCost', label: 'accuracy cost', numeric: true },
      { key: 'cloud', label: 'cloud', numeric: true },
      { key: 'taskAccuracy', label: 'task accuracy', numeric: true },
      { key: 'edgeShare', label: 'edge share', numeric: true },
      { key: 'evictions', label: 'evictions/ep', numeric: true },
    );
  }
  const body = ranked.map((r, i) => {
    const c = r.costs ?? {};
    const cells: Cell[] = [
      { text: String(i + 1), sort: i + 1 },
      agentCell(r, true),
      num(r.meanCost),
      interval(r.ci95),
      num(r.iqm),
    ];
    if (seeded) {
      const sc = seedCells(r);
      cells.push({ text: sc.seeds, sort: sc.seeds === '–' ? undefined : sc.seeds }, { text: sc.spread, sort: r.acrossSeeds?.spread[0] });
    }
    cells.push(best ? num(r.meanCost / best, 3) : num(undefined));
    if (oracle !== undefined) cells.push(oracle.meanCost !== 0 ? num(r.meanCost / oracle.meanCost, 3) : num(undefined));
    if (hasCosts) {
      cells.push(
        num(c.switching),
        num(c.communication),
        num(c.computation),
        num(c.accuracy),
        num(c.cloud),
        { text: pct(r.accuracy), sort: r.accuracy },
        { text: pct(r.edgeShare), sort: r.edgeShare },
        num(r.evictions, 1),
      );
    }
    return cells;
  });
  const caption =
    'Ranked by mean cost per slot (lower is better). 95% CI: percentile bootstrap of the mean over episodes; IQM: interquartile mean; ' +
    (seeded
      ? 'rows with training seeds: each seed\'s checkpoint plays the same episodes, mean cost = mean of the seed means, 95% CI = two-level bootstrap (seeds, then episodes), IQM over seeds × episodes; '
      : '') +
    '÷ best baseline: mean cost divided by the lowest mean cost among the baselines' +
    (oracle !== undefined ? `; ÷ oracle: divided by the mean cost of ${oracle.agent}.` : '.');
  return { columns, body, caption };
}

const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');

function tableHtml(env: string, rows: readonly Entry[]): string {
  const { columns, body, caption } = scenarioTable(rows);
  const head = columns
    .map(
      (c, k) =>
        `<th scope="col" data-key="${c.key}" data-type="${c.numeric ? 'number' : 'text'}" aria-sort="${k === 0 ? 'ascending' : 'none'}"${c.numeric ? ' class="num"' : ''}><button type="button" data-column="${k}">${escapeHtml(c.label)}<span class="arrow" aria-hidden="true"></span></button></th>`,
    )
    .join('');
  const tbody = body
    .map((cells, i) => {
      const agent = rows.length > 0 ? String(cells[1]!.sort) : '';
      const tds = cells
        .map((cell, k) => {
          const col = columns[k]!;
          const sort = cell.sort === undefined ? '' : escapeHtml(String(cell.sort));
          const tag = col.key === 'agent' ? 'th scope="row"' : 'td';
          const close = col.key === 'agent' ? 'th' : 'td';
          return `<${tag} data-key="${col.key}" data-value="${sort}"${col.numeric ? ' class="num"' : ''}>${cell.html ?? escapeHtml(cell.text)}</${close}>`;
        })
        .join('');
      return `<tr data-agent="${escapeHtml(agent)}" data-rank="${i + 1}">${tds}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="ranking" data-env="${escapeHtml(env)}" id="table-${slug(env)}">
<caption>${escapeHtml(env)}: ${escapeHtml(caption)} Select a column heading to sort by it.</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${tbody}
</tbody></table></div>`;
}

/** The paired comparisons of a scenario (e.g. `t2drl` − `t2drl-no-ttt`) as small tables. */
function pairedHtml(env: string, rows: readonly Entry[]): string {
  return pairedComparisons(rows)
    .map((p) => {
      const line = (label: string, d: { mean: number; ci95: [number, number]; lower: number; count: number }) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${fixed(d.mean)}</td><td class="num">[${fixed(d.ci95[0])}, ${fixed(d.ci95[1])}]</td><td class="num">${d.lower} of ${d.count}</td></tr>`;
      const body = p.perSeed.map((d) => line(d.trainingSeed === null ? '–' : String(d.trainingSeed), d));
      if (p.perSeed.length > 1) body.push(line('all (seeds, then episodes)', p.pooled));
      return `<div class="table-wrap"><table class="paired" data-env="${escapeHtml(env)}" data-a="${escapeHtml(p.a)}" data-b="${escapeHtml(p.b)}">
<caption>${escapeHtml(`${env}: paired difference ${p.a} − ${p.b} of the mean cost per slot (the same checkpoints on the same episodes; negative: ${p.a} costs less). 95% CI: bootstrap over episodes per seed; over seeds, then episodes, for all seeds.`)}</caption>
<thead><tr><th scope="col">training seed</th><th scope="col" class="num">mean difference</th><th scope="col" class="num">95% CI</th><th scope="col" class="num">episodes where ${escapeHtml(p.a)} costs less</th></tr></thead>
<tbody>${body.join('')}</tbody></table></div>`;
    })
    .join('\n');
}

function figureHtml(kind: string, env: string, title: string): string {
  const id = `fig-${kind}-${slug(env)}`;
  return `<figure class="chart" data-chart="${kind}" data-env="${escapeHtml(env)}" id="${id}">
<div class="plot"></div>
<figcaption id="${id}-caption"><strong>${escapeHtml(title)}</strong> <span class="summary"></span></figcaption>
</figure>`;
}

function scenarioHtml(env: string, rows: readonly Entry[], meta: LeaderboardFile['meta'], curves: readonly LearningCurveSeries[]): string {
  const market = isMarketGroup(rows);
  const hash = meta.configHashes?.[env];
  const remote = rows.filter((r) => r.source === 'remote').length;
  const parts = [
    `<section class="scenario" id="scenario-${slug(env)}" aria-labelledby="h-${slug(env)}">`,
    `<h2 id="h-${slug(env)}">${escapeHtml(env)}</h2>`,
    `<p class="sub">${rows.length} agents${remote > 0 ? ` (${remote} submitted remotely)` : ''}${hash ? ` · config <code>${escapeHtml(hash)}</code>` : ''}</p>`,
    tableHtml(env, rows),
    ...(market ? [] : [pairedHtml(env, rows)].filter((h) => h !== '')),
    '<div class="charts">',
    figureHtml('cost', env, market ? 'Welfare / OPT per agent with its 95% CI (higher is better).' : 'Mean cost per slot per agent with its 95% CI (lower is better).'),
  ];
  if (!market && rows.some((r) => r.costs !== undefined)) parts.push(figureHtml('breakdown', env, 'Mean cost per slot split into its terms.'));
  if (curves.some((c) => c.env === env)) parts.push(figureHtml('learning', env, 'Learning curves of the evaluated checkpoints.'));
  parts.push('</div>', '</section>');
  return parts.join('\n');
}

function metaHtml(board: LeaderboardFile): string {
  const m = board.meta;
  const rows: [string, string][] = [
    ['package', `${m.package ?? 'edgellm-gym'} ${m.version ?? ''}`],
    ['commit', `${m.gitCommit ?? 'unknown'}${m.gitDirty ? ' (uncommitted changes)' : ''}`],
    ['Node', String(m.node ?? '–')],
    ['backend of the learning agents', typeof m.backend === 'string' ? m.backend : 'none ran'],
    ['seeds', `${m.seedBase}–${m.seedBase + m.episodes - 1} (${m.episodes} episodes per entry; episode k uses seed ${m.seedBase} + k)`],
    ['machine', `${m.cpus ?? '?'} × ${m.cpuModel ?? '?'}, ${m.memoryGB ?? '?'} GB, ${m.platform ?? '?'}`],
    ['created', String(m.createdAt ?? '–')],
  ];
  if (typeof m.tfjsVersion === 'string') rows.splice(4, 0, ['TensorFlow.js', m.tfjsVersion]);
  const hashes = Object.entries(m.configHashes ?? {});
  const checkpoints = Object.entries((m.checkpoints ?? {}) as Record<string, { file?: string; iteration?: number; envSteps?: number; trainingSeconds?: number }>);
  const checkpointTable =
    checkpoints.length === 0
      ? ''
      : `<table class="checkpoints"><caption>Checkpoints of the learning agents</caption><thead><tr><th scope="col">agent@scenario</th><th scope="col">file</th><th scope="col" class="num">iterations</th><th scope="col" class="num">environment steps</th><th scope="col" class="num">training seconds</th></tr></thead>
<tbody>${checkpoints
          .map(
            ([k, c]) =>
              `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(basename(String(c.file ?? '')))}</code></td><td class="num">${c.iteration ?? '–'}</td><td class="num">${c.envSteps ?? '–'}</td><td class="num">${c.trainingSeconds ?? '–'}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section id="run" aria-labelledby="h-run"><h2 id="h-run">Run</h2>
<dl class="meta">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<table class="hashes"><caption>Hash of each scenario's resolved configuration</caption><thead><tr><th scope="col">scenario</th><th scope="col">config hash</th></tr></thead>
<tbody>${hashes.map(([env, h]) => `<tr><th scope="row">${escapeHtml(env)}</th><td><code>${escapeHtml(h)}</code></td></tr>`).join('')}</tbody></table>
${checkpointTable}
</section>`;
}

const EPISODE_HTML = `<section id="episode" aria-labelledby="h-episode"><h2 id="h-episode">Episode</h2>
<p>Pick a scenario, an agent and a seed to see what happened slot by slot.</p>
<form id="episode-form" class="picker" onsubmit="return false">
<label>scenario <select id="pick-env" name="env"></select></label>
<label>agent <select id="pick-agent" name="agent"></select></label>
<label>seed <select id="pick-seed" name="seed"></select></label>
</form>
<p id="episode-summary" aria-live="polite"></p>
<div id="episode-charts" class="charts"></div>
<div id="episode-table"></div>
</section>`;

/** Size a page aims to stay within; the episode traces give way first. */
export const PAGE_BUDGET_BYTES = 2 * 2 ** 20;

/** Bytes kept for the page's markup, style and script besides the embedded data. */
const PAGE_OVERHEAD_BYTES = 200_000;

/**
 * The board without its episode traces, and the traces alone (`traces[i][k]`: entry i, episode k, or
 * `null`) as gzip + base64: the traces are most of the data and compress to about half. When the traces of
 * every episode would take the page past {@link PAGE_BUDGET_BYTES}, only the first k episodes of each entry
 * keep theirs (k halved until they fit); the others show "No trace for this seed".
 */
function splitTraces(board: LeaderboardFile): { board: LeaderboardFile; traces: string } {
  const bare = { ...board, results: board.results.map((r) => ({ ...r, episodes: r.episodes.map(({ trace: _t, ...e }) => e) })) };
  const budget = PAGE_BUDGET_BYTES - PAGE_OVERHEAD_BYTES - Buffer.byteLength(JSON.stringify(bare));
  let keep = Math.max(0, ...board.results.map((r) => r.episodes.length));
  for (;;) {
    const traces = board.results.map((r) => r.episodes.map((e, k) => (k < keep ? e.trace ?? null : null)));
    const packed = gzipSync(JSON.stringify(traces), { level: 9 }).toString('base64');
    if (packed.length <= budget || keep === 0) return { board: bare, traces: packed };
    keep = Math.floor(keep / 2);
  }
}

/** The embedded JSON, safe inside a `<script>` element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Options of {@link leaderboardPage}. */
export interface LeaderboardPageOptions {
  /** Page title (default `edgellm-gym leaderboard`). */
  title?: string;
  /** A line under the title (e.g. where the page is served from). */
  subtitle?: string;
}

/**
 * The leaderboard page as one HTML document (tables, embedded data, script and style; no external
 * resources).
 *
 * @example
 * ```ts
 * // not run: reads the results/leaderboard.json that `npm start` writes
 * import { readLeaderboard } from './leaderboard-file.ts';
 * const html = leaderboardPage(readLeaderboard('results')!);
 * ```
 */
export function leaderboardPage(board: LeaderboardFile, options: LeaderboardPageOptions = {}): string {
  const title = options.title ?? 'edgellm-gym leaderboard';
  const curves = Array.isArray(board.meta.learningCurves) ? (board.meta.learningCurves as LearningCurveSeries[]) : [];
  const groups = byEnv(board.results);
  const nav = [...groups.keys()].map((env) => `<a href="#scenario-${slug(env)}">${escapeHtml(env)}</a>`);
  nav.push('<a href="#episode">Episode</a>', '<a href="#run">Run</a>');
  const remote = board.results.some((r) => (r as Entry).source === 'remote');
  const sections = [...groups].map(([env, rows]) => scenarioHtml(env, rows, board.meta, curves));
  const data = splitTraces(board);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(`${board.meta.package ?? 'edgellm-gym'} ${board.meta.version ?? ''}`)} · held-out seeds ${board.meta.seedBase}–${board.meta.seedBase + board.meta.episodes - 1} · ${escapeHtml(String(board.meta.createdAt ?? ''))}${options.subtitle ? ` · ${escapeHtml(options.subtitle)}` : ''}</p>
<nav aria-label="sections">${nav.join(' ')}</nav>
${remote ? '<p class="note">Entries marked <span class="badge remote">remote</span> were submitted by remote agents through the bridge\'s <code>evaluate</code>: the server chose the seeds and stepped the environment; the agent only supplied actions.</p>' : ''}
<noscript><p class="note">The charts and the episode view need JavaScript; the tables work without it.</p></noscript>
</header>
<main>
${sections.join('\n')}
${EPISODE_HTML}
${metaHtml(board)}
</main>
<script type="application/json" id="leaderboard-data">${embedJson(data.board)}</script>
<script type="text/plain" id="trace-data" data-encoding="gzip+base64">${data.traces}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** Writes {@link leaderboardPage} to `dir/index.html` atomically; returns the path. */
export function writeLeaderboardPage(board: LeaderboardFile, dir: string, options: LeaderboardPageOptions = {}): string {
  const path = join(dir, LEADERBOARD_PAGE_FILE);
  writeFileAtomic(path, leaderboardPage(board, options));
  return path;
}

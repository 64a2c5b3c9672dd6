/**
 * Human-readable renderings of a leaderboard: a Markdown table per environment and a per-episode CSV.
 * @module
 */
import type { LeaderboardFile } from './leaderboard-file.ts';
import type { EvaluationResult } from './evaluate.ts';
import { type PairedComparison, pairedAcrossSeeds } from './across-seeds.ts';

/** Agents that count as baselines when computing "ratio to the best baseline". */
export const BASELINE_AGENTS: readonly string[] = ['cloud', 'fifo', 'lfu', 'laot', 'fifo-idle', 'lfu-idle', 'laot-idle', 'popularity', 'greedy', 'random'];

const fmt = (x: number | undefined, digits = 4) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

function isMarket(r: EvaluationResult): boolean {
  return r.welfareRatio !== undefined;
}

/** Entries grouped by environment, in first-appearance order. */
export function byEnv(results: readonly EvaluationResult[]): Map<string, EvaluationResult[]> {
  const groups = new Map<string, EvaluationResult[]>();
  for (const r of results) {
    const g = groups.get(r.env) ?? [];
    g.push(r);
    groups.set(r.env, g);
  }
  return groups;
}

/** The lowest mean cost among the baseline entries of one environment. */
export function bestBaselineCost(results: readonly EvaluationResult[]): number | undefined {
  const costs = results.filter((r) => BASELINE_AGENTS.includes(r.agent)).map((r) => r.meanCost);
  return costs.length > 0 ? Math.min(...costs) : undefined;
}

/** Pairs of agents compared episode by episode where both have rows: (agent, the same agent with one thing off). */
export const PAIRED_COMPARISONS: readonly (readonly [string, string])[] = [['t2drl', 't2drl-no-ttt']];

/** The paired comparisons of {@link PAIRED_COMPARISONS} that one environment's rows allow. */
export function pairedComparisons(rows: readonly EvaluationResult[]): PairedComparison[] {
  const out: PairedComparison[] = [];
  for (const [a, b] of PAIRED_COMPARISONS) {
    const ra = rows.find((r) => r.agent === a && (r as { source?: string }).source !== 'remote');
    const rb = rows.find((r) => r.agent === b && (r as { source?: string }).source !== 'remote');
    const p = ra && rb ? pairedAcrossSeeds(ra, rb) : null;
    if (p !== null) out.push(p);
  }
  return out;
}

/** The training seeds of a row (`–` for rows of one checkpoint or no training) and its seed means' spread. */
export function seedCells(r: EvaluationResult): { seeds: string; spread: string } {
  const a = r.acrossSeeds;
  if (a === undefined) return { seeds: '–', spread: '–' };
  return { seeds: a.trainingSeeds.join(', '), spread: `${fmt(a.spread[0])}–${fmt(a.spread[1])}` };
}

function pairedLines(p: PairedComparison): string[] {
  const d = (x: PairedComparison['pooled']) => `${fmt(x.mean)} | [${fmt(x.ci95[0])}, ${fmt(x.ci95[1])}] | ${x.lower} of ${x.count}`;
  const lines = [
    `Paired: ${p.a} − ${p.b} (mean cost per slot, the same checkpoints on the same episodes; negative: ${p.a} costs less).`,
    '',
    `| training seed | mean difference | 95% CI | episodes where ${p.a} costs less |`,
    '|---|---:|---|---:|',
  ];
  for (const s of p.perSeed) lines.push(`| ${s.trainingSeed ?? '–'} | ${d(s)} |`);
  if (p.perSeed.length > 1) lines.push(`| all (seeds, then episodes) | ${d(p.pooled)} |`);
  return lines;
}

function edgeTable(all: EvaluationResult[]): string[] {
  const oracle = all.find((r) => r.oracle === true);
  const rows = all.filter((r) => r.oracle !== true);
  const best = bestBaselineCost(rows);
  const seeded = rows.some((r) => r.acrossSeeds !== undefined);
  const lines = [
    `| rank | agent | mean cost | 95% CI | IQM |${seeded ? ' training seeds | seed means (min–max) |' : ''} ÷ best baseline | ÷ oracle | switching | communication | computation | accuracy cost | cloud | task accuracy | edge share | evictions/ep |`,
    `|---:|---|---:|---|---:|${seeded ? '---|---|' : ''}---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  const row = (rank: string, name: string, r: EvaluationResult) => {
    const c = r.costs ?? {};
    const sc = seedCells(r);
    return `| ${rank} | ${name} | ${fmt(r.meanCost)} | [${fmt(r.ci95[0])}, ${fmt(r.ci95[1])}] | ${fmt(r.iqm)} |${seeded ? ` ${sc.seeds} | ${sc.spread} |` : ''} ${best ? fmt(r.meanCost / best, 3) : '–'} | ${oracle ? fmt(r.meanCost / oracle.meanCost, 3) : '–'} | ${fmt(c.switching)} | ${fmt(c.communication)} | ${fmt(c.computation)} | ${fmt(c.accuracy)} | ${fmt(c.cloud)} | ${pct(r.accuracy)} | ${pct(r.edgeShare)} | ${fmt(r.evictions, 1)} |`;
  };
  [...rows].sort((a, b) => a.meanCost - b.meanCost).forEach((r, i) => lines.push(row(String(i + 1), r.agent, r)));
  if (oracle !== undefined) {
    lines.push(row('–', `${oracle.agent} (hindsight, not a policy)`, oracle));
    lines.push('');
    lines.push(
      oracle.bound !== undefined
        ? `Lower bound (Lagrangian, per episode, mean): ${fmt(oracle.bound)}; the oracle is ${fmt(100 * (oracle.meanCost / oracle.bound - 1), 2)}% above it. No schedule, clairvoyant or not, that serves every request of a cached pair locally can cost less (docs/agents.md).`
        : 'No lower bound for trace workloads.',
    );
  }
  for (const p of pairedComparisons(rows)) lines.push('', ...pairedLines(p));
  return lines;
}

/** Multi-edge systems: system cost, each server's cost and the market, one row per agent. */
function systemTable(rows: EvaluationResult[]): string[] {
  const servers = Object.keys(rows[0]!.system!.serverCosts);
  const lines = [
    'System cost = the sum of the servers\' costs per slot after the market; market figures per slot.',
    '',
    `| rank | agent | system cost | 95% CI | IQM | ${servers.map((s) => `${s} cost`).join(' | ')} | paths traded | welfare | budget surplus | rounds |`,
    `|---:|---|---:|---|---:|${servers.map(() => '---:|').join('')}---:|---:|---:|---:|`,
  ];
  [...rows]
    .sort((a, b) => a.meanCost - b.meanCost)
    .forEach((r, i) => {
      const y = r.system!;
      lines.push(
        `| ${i + 1} | ${r.agent} | ${fmt(r.meanCost)} | [${fmt(r.ci95[0])}, ${fmt(r.ci95[1])}] | ${fmt(r.iqm)} | ${servers.map((s) => fmt(y.serverCosts[s])).join(' | ')} | ${fmt(y.paths, 2)} | ${fmt(y.welfare, 5)} | ${fmt(y.budgetSurplus, 5)} | ${fmt(y.rounds, 1)} |`,
      );
    });
  return lines;
}

/** Mean episode return (episodes of a market entry differ in length, so it is not a multiple of `meanCost`). */
const meanReturn = (r: EvaluationResult) => r.episodes.reduce((s, e) => s + e.return, 0) / Math.max(r.episodes.length, 1);

function marketTable(rows: EvaluationResult[]): string[] {
  const lines = [
    'Ranked by mean return = welfare / OPT − message and round costs, per auction.',
    '',
    '| rank | agent | welfare / OPT | 95% CI | rounds | 95% CI | messages | return |',
    '|---:|---|---:|---|---:|---|---:|---:|',
  ];
  [...rows]
    .sort((a, b) => meanReturn(b) - meanReturn(a))
    .forEach((r, i) => {
      const w = r.welfareRatio!;
      const rd = r.rounds!;
      lines.push(
        `| ${i + 1} | ${r.agent} | ${fmt(w.mean)} | [${fmt(w.ci95[0])}, ${fmt(w.ci95[1])}] | ${fmt(rd.mean, 1)} | [${fmt(rd.ci95[0], 1)}, ${fmt(rd.ci95[1], 1)}] | ${fmt(r.messages, 0)} | ${fmt(meanReturn(r))} |`,
      );
    });
  return lines;
}

/** The leaderboard as Markdown: metadata, then one table per environment sorted by mean cost. */
export function leaderboardMarkdown(board: LeaderboardFile): string {
  const m = board.meta;
  const out = [
    '# Leaderboard',
    '',
    `${m.package} ${m.version}, commit ${m.gitCommit ?? 'unknown'}${m.gitDirty ? ' (uncommitted changes)' : ''}, Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.createdAt}.`,
    `Held-out seeds ${m.seedBase}–${m.seedBase + m.episodes - 1} (${m.episodes} episodes per entry)${m.backend ? `; learning agents on the ${m.backend} backend` : ''}.`,
    'Mean cost = mean over episodes of the cost per slot; CI = 95% percentile bootstrap of that mean; IQM = interquartile mean over episodes.',
    ...(board.results.some((r) => r.acrossSeeds !== undefined)
      ? ['Rows with training seeds: every seed\'s checkpoint plays the same episodes; mean cost = mean of the seed means; CI = two-level bootstrap (seeds, then episodes); IQM over seeds × episodes.']
      : []),
    '',
  ];
  for (const [env, rows] of byEnv(board.results)) {
    out.push(`## ${env}${m.configHashes[env] ? ` (config ${m.configHashes[env]})` : ''}`, '');
    const table = rows.every(isMarket) ? marketTable(rows) : rows.every((r) => r.system !== undefined) ? systemTable(rows) : edgeTable(rows);
    out.push(...table, '');
  }
  return out.join('\n');
}

/** Every episode of every entry as CSV rows (one header line); `trainingSeed` is set on rows across training seeds. */
export function leaderboardCsv(board: LeaderboardFile): string {
  const header = [
    'env', 'agent', 'seed', 'return', 'length', 'meanCost', 'switching', 'communication', 'computation', 'accuracyCost', 'cloud',
    'accuracy', 'edgeShare', 'evictions', 'loads', 'energyBoundShare', 'welfareRatio', 'rounds', 'messages', 'trainingSeed',
  ];
  const lines = [header.join(',')];
  const v = (x: number | undefined) => (x === undefined ? '' : String(x));
  for (const r of board.results) {
    for (const e of r.episodes) {
      lines.push(
        [
          r.env, r.agent, e.seed, e.return, e.length, e.meanCost, v(e.costs?.switching), v(e.costs?.communication), v(e.costs?.computation),
          v(e.costs?.accuracy), v(e.costs?.cloud), v(e.accuracy), v(e.edgeShare), v(e.evictions), v(e.loads), v(e.energyBoundShare),
          v(e.welfareRatio), v(e.rounds), v(e.messages), v(e.trainingSeed),
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

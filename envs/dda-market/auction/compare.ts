/**
 * Side-by-side comparison of the mechanisms on random markets: welfare relative to OPT, rounds and
 * messages, per market size, and the DDA's welfare gain over the IDA baseline.
 *
 * @module
 */
import { Generator } from '../../../src/random/generator.ts';
import { MarketInputError } from './errors.ts';
import { clearMarket } from './mechanisms.ts';
import { clearOpt } from './opt.ts';
import { MECHANISMS, type MechanismId } from './types.ts';
import { generateMarket, type ValuationKind } from './valuations.ts';

/** Options of {@link compareMechanisms}. */
export interface CompareOptions {
  /** Market sizes: total agents, split into ⌈S/2⌉ buyers and ⌊S/2⌋ sellers (each ≥ 2). */
  sizes: readonly number[];
  /** Random markets per size (≥ 1). */
  markets: number;
  /** Seed of the market draws. */
  seed: number;
  /** Valuation model (default `llm`, the reasoning-path market). */
  valuation?: ValuationKind;
  /** Clock and quote step as a fraction of the price range (default 0.01). */
  stepFraction?: number;
  /**
   * IDA round budget as a multiple of (P_max − P_min)/step, the DDA's round count at a constant step
   * (default 2: every quote can cross the whole range; 1: the same number of rounds as the DDA).
   */
  idaBudgetFactor?: number;
  /** Mechanisms to run (default all but `opt`, which is the reference). */
  mechanisms?: readonly MechanismId[];
}

/** One mechanism at one market size, averaged over the markets. */
export interface ComparisonRow {
  readonly size: number;
  readonly mechanism: MechanismId;
  /** Σ welfare / Σ OPT over the markets (1 = efficient). */
  readonly welfareRatio: number;
  /** Mean welfare per market. */
  readonly meanWelfare: number;
  /** Mean units traded per market. */
  readonly meanUnits: number;
  /** Mean rounds and messages per market. */
  readonly meanRounds: number;
  readonly meanMessages: number;
  /** Mean auctioneer budget per market. */
  readonly meanBudget: number;
}

/** DDA (trade reduction) against IDA at one size. */
export interface DdaVsIda {
  readonly size: number;
  /** Mean welfare of `dda-tr` and `ida`. */
  readonly ddaWelfare: number;
  readonly idaWelfare: number;
  /** `(dda − ida) / ida` in percent (NaN when IDA's welfare is 0). */
  readonly gainPercent: number;
}

/** The result of {@link compareMechanisms}. */
export interface Comparison {
  readonly rows: ComparisonRow[];
  /** Mean OPT per size. */
  readonly opt: { readonly size: number; readonly meanWelfare: number; readonly meanUnits: number }[];
  /** Present when both `dda-tr` and `ida` ran. */
  readonly ddaVsIda: DdaVsIda[];
  readonly valuation: ValuationKind;
  readonly stepFraction: number;
  readonly idaBudgetFactor: number;
  readonly markets: number;
  readonly seed: number;
}

/**
 * Runs every mechanism on `markets` random single-unit markets per size and averages the results.
 * Markets of one size come from a generator seeded by `seed` and the size, so a size's figures do not
 * depend on which other sizes are listed.
 *
 * @example
 * ```ts
 * const table = compareMechanisms({ sizes: [20, 100], markets: 50, seed: 1 });
 * console.log(formatComparison(table));
 * ```
 * @throws {MarketInputError} on bad sizes, counts, seed or step.
 */
export function compareMechanisms(options: CompareOptions): Comparison {
  const { sizes, markets, seed } = options;
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new MarketInputError('sizes', 'must be a non-empty array of market sizes', 'pass e.g. [20, 40, 60, 80, 100]');
  }
  sizes.forEach((s, k) => {
    if (!Number.isSafeInteger(s) || s < 2) {
      throw new MarketInputError(`sizes[${k}]`, `must be an integer ≥ 2 (at least one buyer and one seller), got ${String(s)}`, 'use total agent counts such as 20');
    }
  });
  if (!Number.isSafeInteger(markets) || markets < 1) {
    throw new MarketInputError('markets', `must be a positive integer, got ${String(markets)}`, 'pass e.g. 200');
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 8e9) {
    throw new MarketInputError('seed', `must be an integer in [0, 8e9], got ${String(seed)}`, 'pass e.g. 1');
  }
  const valuation = options.valuation ?? 'llm';
  const stepFraction = options.stepFraction ?? 0.01;
  if (!(stepFraction > 0 && stepFraction <= 1)) {
    throw new MarketInputError('stepFraction', `must be in (0, 1], got ${String(stepFraction)}`, 'use e.g. 0.01 for 1% of the price range');
  }
  const idaBudgetFactor = options.idaBudgetFactor ?? 2;
  if (!(idaBudgetFactor > 0 && Number.isFinite(idaBudgetFactor))) {
    throw new MarketInputError('idaBudgetFactor', `must be a finite number > 0, got ${String(idaBudgetFactor)}`, 'use e.g. 2 (whole range) or 1 (the DDA\'s rounds)');
  }
  const idaRounds = Math.round(idaBudgetFactor / stepFraction);
  const mechanisms = options.mechanisms ?? MECHANISMS.filter((m) => m !== 'opt');
  const rows: ComparisonRow[] = [];
  const opt: Comparison['opt'] = [];
  const ddaVsIda: DdaVsIda[] = [];
  for (const size of sizes) {
    const rng = new Generator(seed * 1_000_003 + size);
    const nb = Math.ceil(size / 2);
    const ns = Math.floor(size / 2);
    const sums = mechanisms.map(() => ({ w: 0, u: 0, r: 0, msg: 0, b: 0 }));
    let optW = 0;
    let optU = 0;
    for (let k = 0; k < markets; k++) {
      const market = generateMarket(valuation, rng, nb, ns);
      const step = stepFraction * (market.range[1] - market.range[0]);
      const o = clearOpt(market);
      optW += o.welfare;
      optU += o.buyerUnits.reduce((a, x) => a + x, 0);
      mechanisms.forEach((mech, idx) => {
        const out = clearMarket(mech, market, mech === 'ida' ? { step, maxRounds: idaRounds } : { step });
        const s = sums[idx]!;
        s.w += out.welfare;
        s.u += out.buyerUnits.reduce((a, x) => a + x, 0);
        s.r += out.rounds;
        s.msg += out.messages;
        s.b += out.budget;
      });
    }
    opt.push({ size, meanWelfare: optW / markets, meanUnits: optU / markets });
    mechanisms.forEach((mechanism, idx) => {
      const s = sums[idx]!;
      rows.push({
        size,
        mechanism,
        welfareRatio: optW > 0 ? s.w / optW : Number.NaN,
        meanWelfare: s.w / markets,
        meanUnits: s.u / markets,
        meanRounds: s.r / markets,
        meanMessages: s.msg / markets,
        meanBudget: s.b / markets,
      });
    });
    const dda = rows.find((r) => r.size === size && r.mechanism === 'dda-tr');
    const ida = rows.find((r) => r.size === size && r.mechanism === 'ida');
    if (dda && ida) {
      ddaVsIda.push({
        size,
        ddaWelfare: dda.meanWelfare,
        idaWelfare: ida.meanWelfare,
        gainPercent: ida.meanWelfare > 0 ? (100 * (dda.meanWelfare - ida.meanWelfare)) / ida.meanWelfare : Number.NaN,
      });
    }
  }
  return { rows, opt, ddaVsIda, valuation, stepFraction, idaBudgetFactor, markets, seed };
}

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/**
 * Renders a comparison as Markdown: one table with a row per (size, mechanism) and one of DDA vs IDA.
 */
export function formatComparison(c: Comparison): string {
  const lines = [
    `Valuation \`${c.valuation}\`, ${c.markets} markets per size, seed ${c.seed}, step ${c.stepFraction * 100}% of the price range, ` +
      `IDA round budget ${c.idaBudgetFactor} × range/step.`,
    '',
    '| size | mechanism | welfare / OPT | units | rounds | messages | budget |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of c.rows) {
    lines.push(
      `| ${r.size} | ${r.mechanism} | ${fmt(r.welfareRatio, 3)} | ${fmt(r.meanUnits, 2)} | ${fmt(r.meanRounds, 1)} | ${fmt(r.meanMessages, 0)} | ${Math.abs(r.meanBudget) < 1e-12 ? '0' : r.meanBudget.toPrecision(3)} |`,
    );
  }
  if (c.ddaVsIda.length > 0) {
    lines.push('', '| size | OPT units | DDA (dda-tr) welfare | IDA welfare | DDA over IDA |', '|---:|---:|---:|---:|---:|');
    for (const d of c.ddaVsIda) {
      const o = c.opt.find((x) => x.size === d.size)!;
      lines.push(`| ${d.size} | ${fmt(o.meanUnits, 2)} | ${d.ddaWelfare.toPrecision(4)} | ${d.idaWelfare.toPrecision(4)} | ${fmt(d.gainPercent, 1)}% |`);
    }
  }
  return lines.join('\n');
}

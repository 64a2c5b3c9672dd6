/**
 * Throughput of the mechanisms: direct clearings per second and full clock auctions per second on
 * random markets (default 50 buyers × 50 sellers, uniform values, clock step 1 % of the range).
 *
 * @module
 */
import { cpus } from 'node:os';
import { Generator } from '../src/random/generator.ts';
import { MarketInputError } from '../envs/dda-market/auction/errors.ts';
import { clearMarket } from '../envs/dda-market/auction/mechanisms.ts';
import { clearTradeReduction } from '../envs/dda-market/auction/trade-reduction.ts';
import { MECHANISMS, type Market, type MechanismId } from '../envs/dda-market/auction/types.ts';
import { generateMarket, type ValuationKind } from '../envs/dda-market/auction/valuations.ts';

/** Options of {@link benchMarket}. */
export interface BenchOptions {
  /** Seconds spent on each headline measurement (default 1). */
  seconds?: number;
  /** Market size (default 50 × 50). */
  buyers?: number;
  sellers?: number;
  /** Clock step as a fraction of the price range (default 0.01). */
  stepFraction?: number;
  /** Valuations of the random markets (default `uniform`). */
  valuation?: ValuationKind;
  /** Seed of the market pool (default 0). */
  seed?: number;
  /** Also measure every mechanism, each for a quarter of `seconds` (default false). */
  allMechanisms?: boolean;
}

/** Measured throughput. */
export interface BenchResult {
  /** Direct (sealed-bid) trade-reduction clearings per second. */
  readonly directClearingsPerSecond: number;
  /** Full clock auctions (clock phase + trade reduction) per second. */
  readonly clockAuctionsPerSecond: number;
  /** Clearings per second of each mechanism, when `allMechanisms` was set. */
  readonly perMechanism?: Readonly<Partial<Record<MechanismId, number>>>;
  /** Mean rounds of the measured clock auctions. */
  readonly clockRounds: number;
  readonly buyers: number;
  readonly sellers: number;
  readonly stepFraction: number;
  /** Where it ran. */
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly platform: string };
}

const POOL = 256;

function rate(seconds: number, body: (k: number) => number): number {
  let sink = 0;
  for (let k = 0; k < 200; k++) sink += body(k); // warm-up
  const limit = seconds * 1000;
  const t0 = performance.now();
  let done = 0;
  let elapsed = 0;
  do {
    for (let k = 0; k < 64; k++) sink += body(done + k);
    done += 64;
    elapsed = performance.now() - t0;
  } while (elapsed < limit);
  if (Number.isNaN(sink)) throw new Error('unreachable'); // keeps the work observable
  return (done * 1000) / elapsed;
}

/**
 * Measures mechanism throughput on a pool of random markets.
 *
 * @example
 * ```ts
 * const r = benchMarket({ seconds: 0.5 });
 * console.log(`${r.directClearingsPerSecond.toFixed(0)} direct/s, ${r.clockAuctionsPerSecond.toFixed(0)} auctions/s`);
 * ```
 * @throws {MarketInputError} on bad options.
 */
export function benchMarket(options: BenchOptions = {}): BenchResult {
  const seconds = options.seconds ?? 1;
  if (!(seconds > 0 && Number.isFinite(seconds))) {
    throw new MarketInputError('seconds', `must be a finite number > 0, got ${String(seconds)}`, 'pass e.g. 1');
  }
  const buyers = options.buyers ?? 50;
  const sellers = options.sellers ?? 50;
  const stepFraction = options.stepFraction ?? 0.01;
  if (!(stepFraction > 0 && stepFraction <= 1)) {
    throw new MarketInputError('stepFraction', `must be in (0, 1], got ${String(stepFraction)}`, 'use e.g. 0.01');
  }
  const rng = new Generator(options.seed ?? 0);
  const pool: Market[] = [];
  for (let k = 0; k < POOL; k++) pool.push(generateMarket(options.valuation ?? 'uniform', rng, buyers, sellers));
  const steps = pool.map((m) => stepFraction * (m.range[1] - m.range[0]));

  const directClearingsPerSecond = rate(seconds, (k) => clearTradeReduction(pool[k % POOL]!).welfare);
  let rounds = 0;
  let auctions = 0;
  const clockAuctionsPerSecond = rate(seconds, (k) => {
    const out = clearMarket('dda-tr', pool[k % POOL]!, { step: steps[k % POOL]! });
    rounds += out.rounds;
    auctions++;
    return out.welfare;
  });
  let perMechanism: Partial<Record<MechanismId, number>> | undefined;
  if (options.allMechanisms) {
    perMechanism = {};
    for (const mech of MECHANISMS) {
      perMechanism[mech] = rate(seconds / 4, (k) => clearMarket(mech, pool[k % POOL]!, { step: steps[k % POOL]! }).welfare);
    }
  }
  const cpuList = cpus();
  const result: BenchResult = {
    directClearingsPerSecond,
    clockAuctionsPerSecond,
    clockRounds: rounds / auctions,
    buyers,
    sellers,
    stepFraction,
    machine: { cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
  };
  return perMechanism ? { ...result, perMechanism } : result;
}

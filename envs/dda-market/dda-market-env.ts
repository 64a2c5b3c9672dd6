/**
 * `DDAMarketEnv`: the learning auctioneer of the double Dutch auction (docs/market.md#the-learning-auctioneer-ddamarketenv). One episode is one
 * auction; each step the agent picks the next clock step.
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../../src/core/env.ts';
import { InvalidAction, InvalidArgument, ResetNeeded } from '../../src/core/errors.ts';
import { Discrete } from '../../src/spaces/discrete.ts';
import type { Box } from '../../src/spaces/box.ts';
import { ClockAuction } from './auction/clock-auction.ts';
import { clockTradeReduction } from './auction/dda.ts';
import { MarketInputError } from './auction/errors.ts';
import { optWelfare } from './auction/opt.ts';
import type { Market, MarketOutcome } from './auction/types.ts';
import { uniformMarket } from './auction/valuations.ts';
import { llmMarket } from './auction/llm-valuations.ts';
import { type DDAMarketConfig, type ResolvedMarketConfig, resolveMarketConfig } from './config.ts';
import { marketObservationSpace, observe } from './observation.ts';
import { renderMarket } from './render.ts';
import { welfareRatio } from './welfare-ratio.ts';

/** Why an auction ended. */
export type MarketEnd =
  /** The chosen step would have crossed the clocks, so it was not made (`terminated`). */
  | 'crossing'
  /** After the move the clocks are closer than the smallest allowed step: every step would cross (`terminated`). */
  | 'no-step-fits'
  /** The round cap was reached (`truncated`); the market is cleared on what was revealed. */
  | 'round-cap';

/** What `reset` returns as `info`: public facts of the auction, never a value or a cost. */
export interface DDAMarketResetInfo extends Info {
  /** Buyers taking part. */
  buyers: number;
  /** Sellers taking part. */
  sellers: number;
  /** Public price range `[P_min, P_max]`. */
  range: [number, number];
  /** The action set: step `a` moves the due clock by `stepFractions[a]` of the range … */
  stepFractions: number[];
  /** … that is, by `stepSizes[a]` in price units. */
  stepSizes: number[];
  /** Round cap. */
  maxRounds: number;
}

/** The `info` of a step. The last step of an episode adds `welfareRatio`, `outcome`, `opt` and `end`. */
export interface DDAMarketStepInfo extends Info {
  /** Rounds (clock moves) made so far. */
  round: number;
  /** The clock this step moved, or `null` when the move was refused (the auction ended on it). */
  moved: 'buyer' | 'seller' | null;
  /** The step asked for, in price units. */
  step: number;
  /** Messages charged by this step (the first step also pays the opening announcements). */
  messages: number;
  /** Buyer clock price after the step. */
  buyerClock: number;
  /** Seller clock price after the step. */
  sellerClock: number;
  /** Last step: welfare / OPT of the cleared auction (1 when OPT = 0). */
  welfareRatio?: number;
  /** Last step: the truthful DDA (trade reduction) outcome, with `rounds` and `messages`. */
  outcome?: MarketOutcome;
  /** Last step: the efficient welfare of the market. */
  opt?: number;
  /** Last step: why the auction ended. */
  end?: MarketEnd;
}

/**
 * The double Dutch auction as an episodic MDP for the auctioneer.
 *
 * At `reset` a market is drawn from the environment's generator (`valuation`, `buyers`, `sellers`) or
 * taken from `reset({ options: { market } })`. Each step the agent picks an index into `stepFractions`;
 * the clock that is due (docs/market.md#the-clock-phase: the buyer clock when accepted buyer units ≤ accepted seller units) moves
 * by that fraction of the price range and the agents accept truthfully. Observation: the public state
 * only (see `OBS` in `observation.ts`). Reward: `−(messageCost × messages + roundCost)` per round, plus
 * welfare / OPT of the trade-reduction outcome on the last step, so the return is
 * `welfare/OPT − messageCost × outcome.messages − roundCost × outcome.rounds`. `terminated` when the auction
 * ends (a step would cross the clocks, or no allowed step fits between them any more); `truncated` at
 * `maxRounds`. The last step's `info` carries `welfareRatio`, `outcome`, `opt` and `end`.
 *
 * @example
 * ```ts
 * const env = new DDAMarketEnv({ valuation: 'uniform' });
 * let [obs, info] = env.reset({ seed: 1 });
 * let done = false;
 * while (!done) {
 *   const [next, reward, terminated, truncated, stepInfo] = env.step(1); // always 1 % of the range
 *   done = terminated || truncated;
 *   if (done) console.log(stepInfo.welfareRatio, (stepInfo.outcome as MarketOutcome).rounds); // …, 100
 *   obs = next;
 * }
 * ```
 */
export class DDAMarketEnv extends Env<Float32Array, number> {
  readonly observationSpace: Box<Float32Array>;
  readonly actionSpace: Discrete;
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedMarketConfig>;
  private readonly smallestStep: number;
  private auction: ClockAuction | null = null;
  private opt = 0;
  private totalBuyerUnits = 0;
  private totalSellerUnits = 0;
  private charged = 0;
  private over = false;
  private outcome: MarketOutcome | null = null;
  private ratio: number | null = null;

  /**
   * @param config any subset of the fields of {@link DDAMarketConfig} (see `DDA_MARKET_CONFIG_SCHEMA`).
   * @throws {InvalidConfig} naming each unknown or out-of-range field.
   */
  constructor(config: Partial<DDAMarketConfig> = {}) {
    super();
    this.config = Object.freeze(resolveMarketConfig(config));
    this.metadata = { renderModes: ['ansi'], renderFps: 4 };
    this.renderMode = this.config.renderMode;
    this.observationSpace = marketObservationSpace(this.config.range);
    this.actionSpace = new Discrete(this.config.stepFractions.length);
    this.smallestStep = this.config.stepSizes[0]!;
  }

  /** The market of the current episode (private values included: for analysis, never for the agent). */
  get market(): Market | null {
    return this.auction?.market ?? null;
  }

  /**
   * Starts an auction: draws a market from the environment's generator, or takes `options.market`
   * (`{ buyers, sellers, range? }`; the range, when given, must be the environment's).
   *
   * @throws {InvalidArgument} for unknown options or a market that is not valid for this environment.
   */
  override reset(args: ResetArgs = {}): [Float32Array, DDAMarketResetInfo] {
    super.reset(args);
    const market = this.marketFor(args.options);
    let auction: ClockAuction;
    try {
      auction = new ClockAuction(market, { maxRounds: this.config.maxRounds });
    } catch (e) {
      // Drawn markets are valid by construction; only a market passed in the options can fail here.
      if (e instanceof MarketInputError) throw new InvalidArgument(`reset options.market.${e.message}`);
      throw e;
    }
    this.auction = auction;
    this.opt = optWelfare(market.buyers, market.sellers).welfare;
    this.totalBuyerUnits = market.buyers.reduce((s, b) => s + (b.demand ?? 1), 0);
    this.totalSellerUnits = market.sellers.reduce((s, x) => s + (x.capacity ?? 1), 0);
    this.charged = 0;
    this.over = false;
    this.outcome = null;
    this.ratio = null;
    const c = this.config;
    return [
      this.observation(),
      {
        buyers: market.buyers.length,
        sellers: market.sellers.length,
        range: [c.range[0], c.range[1]],
        stepFractions: [...c.stepFractions],
        stepSizes: [...c.stepSizes],
        maxRounds: c.maxRounds,
      },
    ];
  }

  /**
   * Plays one round with step `stepFractions[action]`.
   *
   * @throws {InvalidAction} when `action` is not an integer in `[0, stepFractions.length)`; state is unchanged.
   * @throws {ResetNeeded} before `reset` or after the auction ended.
   */
  step(action: number): StepResult<Float32Array> {
    const auction = this.auction;
    if (auction === null) throw new ResetNeeded('DDAMarketEnv.step() called before reset(); call env.reset() first.');
    if (this.over) {
      throw new ResetNeeded(`The auction ended after ${auction.rounds} rounds; call env.reset() to start a new one.`);
    }
    if (!this.actionSpace.contains(action)) {
      const n = this.config.stepFractions.length;
      throw new InvalidAction(
        `DDAMarket action must be an integer in [0, ${n - 1}] (an index into stepFractions ${JSON.stringify(this.config.stepFractions)}); got ${describe(action)}.`,
      );
    }
    const c = this.config;
    const step = c.stepSizes[action]!;
    const side = auction.side === 'seller' ? 'seller' : 'buyer';
    const moved = auction.move(step, step);
    let end: MarketEnd | null = null;
    if (!moved) end = 'crossing';
    else if (auction.crosses(this.smallestStep)) end = 'no-step-fits';
    else if (auction.rounds >= c.maxRounds) end = 'round-cap';
    const messages = auction.messages - this.charged;
    this.charged = auction.messages;
    let reward = -(c.messageCost * messages + (moved ? c.roundCost : 0));
    const info: DDAMarketStepInfo = {
      round: auction.rounds,
      moved: moved ? side : null,
      step,
      messages,
      buyerClock: auction.buyerClock,
      sellerClock: auction.sellerClock,
    };
    if (end !== null) {
      auction.end();
      const outcome = clockTradeReduction(auction.market, auction.result());
      const ratio = welfareRatio(outcome.welfare, this.opt);
      this.over = true;
      this.outcome = outcome;
      this.ratio = ratio;
      reward += ratio;
      info.welfareRatio = ratio;
      info.outcome = outcome;
      info.opt = this.opt;
      info.end = end;
    }
    return [this.observation(), reward, end === 'crossing' || end === 'no-step-fits', end === 'round-cap', info];
  }

  /** Text rendering (mode `ansi`): the clocks on the price range, acceptances, and the outcome at the end. */
  override render(): string | null {
    if (this.renderMode !== 'ansi') return null;
    if (this.auction === null) return 'DDAMarket: not started (call reset())';
    return renderMarket({
      auction: this.auction,
      maxRounds: this.config.maxRounds,
      totalBuyerUnits: this.totalBuyerUnits,
      totalSellerUnits: this.totalSellerUnits,
      outcome: this.outcome,
      welfareRatio: this.ratio,
    });
  }

  private observation(): Float32Array {
    return observe(this.auction!, this.config.maxRounds, this.totalBuyerUnits, this.totalSellerUnits);
  }

  /** The market of a new episode: `options.market` checked against the environment, or a fresh draw. */
  private marketFor(options: Record<string, unknown> | undefined): Market {
    const c = this.config;
    if (options !== undefined) {
      const unknown = Object.keys(options).filter((k) => k !== 'market');
      if (unknown.length > 0) {
        throw new InvalidArgument(`DDAMarketEnv.reset accepts only the option 'market'; remove ${unknown.map((k) => `'${k}'`).join(', ')}.`);
      }
    }
    const given = options?.market;
    if (given === undefined) {
      const rng = this.npRandom;
      return c.valuation === 'llm'
        ? llmMarket(rng, { buyers: c.buyers, sellers: c.sellers })
        : uniformMarket(rng, { buyers: c.buyers, sellers: c.sellers, low: c.range[0], high: c.range[1] });
    }
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new InvalidArgument(`reset options.market must be an object { buyers, sellers, range? }; got ${describe(given)}.`);
    }
    const m = given as Partial<Market>;
    if (m.range !== undefined && !(Array.isArray(m.range) && m.range[0] === c.range[0] && m.range[1] === c.range[1])) {
      throw new InvalidArgument(
        `reset options.market.range must be this environment's price range [${c.range[0]}, ${c.range[1]}]; got ${JSON.stringify(m.range)}. ` +
          "Omit it, or configure the environment with valuation 'uniform' and uniformRange.",
      );
    }
    return { buyers: m.buyers as Market['buyers'], sellers: m.sellers as Market['sellers'], range: c.range };
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? `an object with keys ${Object.keys(v).join(', ') || '(none)'}` : `${typeof v} ${String(v)}`;
}

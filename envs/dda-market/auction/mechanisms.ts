/**
 * One entry point for every mechanism: {@link clearMarket}.
 *
 * @module
 */
import { ddaTradeReduction, ddaUniformPrice } from './dda.ts';
import { MarketInputError } from './errors.ts';
import { clearIda } from './ida.ts';
import { clearMcAfee } from './mcafee.ts';
import { clearOpt } from './opt.ts';
import { tDda } from './t-dda.ts';
import { MECHANISMS, type ClockMode, type Market, type MarketOutcome, type MechanismId, type Rationing, type StepPolicy } from './types.ts';
import { clearVcg } from './vcg.ts';

/** Options of {@link clearMarket}; each mechanism reads the ones it needs. */
export interface ClearOptions {
  /** Clock step or step policy (clock mechanisms); quote step (IDA, a number). Required by those. */
  step?: number | StepPolicy;
  /** Clock mode (default `alternate`). */
  mode?: ClockMode;
  /** Multi-unit rationing of trade reduction (default `proportional`). */
  rationing?: Rationing;
  /** Clock safety cap (clock mechanisms) or round budget (IDA). */
  maxRounds?: number;
}

/** True for the mechanisms that run the clock phase. */
export function isClockMechanism(m: MechanismId): boolean {
  return m === 'dda-tr' || m === 'dda-up' || m === 't-dda';
}

function needStep(mechanism: MechanismId, step: ClearOptions['step']): number | StepPolicy {
  if (step === undefined) {
    throw new MarketInputError('step', `${mechanism} needs a price step`, 'pass options.step, e.g. 1% of the price range');
  }
  return step;
}

/**
 * Clears `market` with the named mechanism.
 *
 * @example
 * ```ts
 * const market = { buyers: [{ value: 10 }, { value: 8 }], sellers: [{ cost: 2 }, { cost: 4 }], range: [0, 12] as const };
 * clearMarket('dda-tr', market, { step: 1 }).welfare; // 8
 * clearMarket('vcg', market).budget;                  // 2 * 4 - 2 * 8 = -8
 * ```
 * @throws {MarketInputError} on bad input, a missing step, or an unknown mechanism.
 */
export function clearMarket(mechanism: MechanismId, market: Market, options: ClearOptions = {}): MarketOutcome {
  switch (mechanism) {
    case 'dda-tr':
      return ddaTradeReduction(market, { ...options, step: needStep(mechanism, options.step) });
    case 'dda-up':
      return ddaUniformPrice(market, { ...options, step: needStep(mechanism, options.step) });
    case 't-dda':
      return tDda(market, { ...options, step: needStep(mechanism, options.step) });
    case 'ida': {
      const step = needStep(mechanism, options.step);
      if (typeof step !== 'number') {
        throw new MarketInputError('step', 'ida moves quotes by a fixed step, not a step policy', 'pass a number');
      }
      return clearIda(market, options.maxRounds === undefined ? { step } : { step, maxRounds: options.maxRounds });
    }
    case 'mcafee':
      return clearMcAfee(market);
    case 'vcg':
      return clearVcg(market);
    case 'opt':
      return clearOpt(market);
    default:
      throw new MarketInputError('mechanism', `unknown mechanism ${JSON.stringify(mechanism)}`, `use one of ${MECHANISMS.join(', ')}`);
  }
}

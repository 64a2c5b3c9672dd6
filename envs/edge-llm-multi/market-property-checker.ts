/**
 * `MarketPropertyChecker`: a wrapper that checks, on every slot of a multi-edge system seen as one agent,
 * that the reasoning-path market was individually rational and weakly budget balanced.
 * @module
 */
import { GymError } from '../../src/core/errors.ts';
import type { Env, Info, StepResult } from '../../src/core/env.ts';
import { Wrapper } from '../../src/core/wrapper.ts';
import type { ServerStepInfo } from './edge-llm-multi-env.ts';
import { SingleAgentView } from '../../src/parallel/single-agent-view.ts';
import { EdgeLLMMultiEnv } from './edge-llm-multi-env.ts';

/** The multi-edge environment behind a single-agent view of it (`make('EdgeLLMMulti-View-v0')`), or `null` for any other environment. */
export function multiEnvOf(env: { unwrapped: unknown }): EdgeLLMMultiEnv | null {
  const view = env.unwrapped;
  return view instanceof SingleAgentView && view.parallel instanceof EdgeLLMMultiEnv ? view.parallel : null;
}

/** Slack for rounding in sums of payments (per slot, in cost units). */
const EPS = 1e-9;

/** A slot whose market broke individual rationality or weak budget balance. */
export class MarketPropertyViolation extends GymError {
  constructor(message: string) {
    super(message, 'market_property');
  }
}

/**
 * The violations of one slot, read from the servers' step infos (empty when the market is off or kept its
 * properties):
 * - weak budget balance: every model's budget surplus (buyers' payments − sellers' receipts) is ≥ 0;
 * - individual rationality of buyers: what a server's users paid is at most what the paths were worth to
 *   them, `utility ×` their accuracy-cost relief;
 * - individual rationality of sellers: what a server received is at least the cost of the paths it sold.
 * The two IR checks are per server and slot, sums over that server's trades; each trade's own IR is what
 * the clearing rule guarantees and what the environment's tests check.
 */
export function marketViolations(infos: Readonly<Record<string, Info>>, utility: number): string[] {
  const out: string[] = [];
  let system: ServerStepInfo['system'] = null;
  for (const [agent, raw] of Object.entries(infos)) {
    const info = raw as ServerStepInfo;
    system ??= info.system;
    const m = info.market;
    if (m === undefined) continue;
    if (m.paid > utility * m.accuracyRelief + EPS) {
      out.push(`${agent}: its users paid ${m.paid} for paths worth ${utility * m.accuracyRelief} to them (buyers' individual rationality)`);
    }
    if (m.revenue < m.sellCost - EPS) {
      out.push(`${agent}: it received ${m.revenue} for paths that cost it ${m.sellCost} (sellers' individual rationality)`);
    }
  }
  for (const c of system?.models ?? []) {
    if (c.budgetSurplus < -EPS) out.push(`model ${c.model}: budget surplus ${c.budgetSurplus} < 0 (weak budget balance)`);
  }
  return out;
}

/**
 * Wraps a multi-edge system view (`make('EdgeLLMMulti-View-v0')`, or any `SingleAgentView` of an `EdgeLLMMultiEnv`) and throws {@link MarketPropertyViolation} on the
 * first slot whose market was not individually rational or not weakly budget balanced; otherwise it changes
 * nothing. The leaderboard runs every multi-edge episode through it.
 *
 * @example
 * ```ts
 * const env = new MarketPropertyChecker(new SingleAgentView(new EdgeLLMMultiEnv(), { action: 'dict', reward: 'system' }));
 * env.reset({ seed: 10000 });
 * env.step(env.actionSpace.sample()); // throws if the slot's market broke IR or WBB
 * ```
 */
export class MarketPropertyChecker<O, A> extends Wrapper<O, A> {
  private readonly utility: number;
  /** Slots checked since construction. */
  slotsChecked = 0;

  /** @throws {TypeError} when `env` is not a multi-edge system view. */
  constructor(env: Env<O, A>) {
    super(env);
    const multi = multiEnvOf(env);
    if (multi === null) throw new TypeError('MarketPropertyChecker wraps a multi-edge system view such as make(\'EdgeLLMMulti-View-v0\').');
    this.utility = multi.config.marketOptions.utility;
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    const infos = (result[4] as { agents?: Record<string, Info> }).agents ?? {};
    const found = marketViolations(infos, this.utility);
    this.slotsChecked++;
    if (found.length > 0) {
      const slot = (Object.values(infos)[0] as ServerStepInfo | undefined)?.slot;
      throw new MarketPropertyViolation(`The market of slot ${slot} broke its guarantees: ${found.join('; ')}.`);
    }
    return result;
  }
}

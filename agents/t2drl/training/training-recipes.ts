/**
 * The training runs behind the shipped checkpoints: agent, environment, step budget, seed and
 * configuration overrides. One recipe makes one checkpoint, `agents/checkpoints/<agent>-<env id>-s<seed>.json`;
 * an agent × environment with several training seeds has one recipe per seed. `docs/agents.md` lists the equivalent `npx edgellm-gym train` commands, and
 * `leaderboard --train` reruns exactly these.
 * @module
 */
import type { LearningAgentKind, TrainingOverrides } from './training-config.ts';

/** One training run. */
export interface TrainingRecipe {
  readonly agent: LearningAgentKind;
  readonly envId: string;
  /** Environment steps. */
  readonly steps: number;
  /**
   * Run (training) seed, part of the checkpoint's file name (training episodes use seeds below 9000; the
   * leaderboard's start at 10000).
   */
  readonly seed: number;
  /** Configuration overrides (`--config`). */
  readonly overrides: TrainingOverrides;
}

/** Overrides of the EdgeLLM runs: start from a caching-and-local-serving policy (see docs/agents.md). */
const EDGE: TrainingOverrides = { policyInit: { bernoulliLogit: 2, gaussianMean: 2 } };

/**
 * Overrides of the trace runs: start from an offloading policy (cache logit −6, p ≈ 0.0025 per pair and
 * slot). On both trace scenarios the hindsight oracle caches nothing (docs/agents.md), and from the caching
 * start (logit 2) or the neutral one (logit 0) 250,000 steps did not get the learners down to cloud-only's
 * cost (validation 1.16 and 1.09 against 0.97 for cloud-only on AzureConv's training windows), so they
 * start near cloud-only and are free to learn to cache. Their validation cost settles by iteration 5, so
 * they run 50,000 steps.
 */
const TRACE: TrainingOverrides = { policyInit: { bernoulliLogit: -6, gaussianMean: 2 } };

/**
 * Overrides of the market runs: the auction's objective is its undiscounted return (γ = 1), and each of
 * the 10 environments gets 250 steps per rollout, more than the longest auction (200 rounds + 1), so every
 * auction that starts a rollout finishes inside it.
 */
const MARKET: TrainingOverrides = { numEnvs: 10, ppo: { gamma: 1, rolloutSteps: 2500 } };

/**
 * T2DRL on the market also gets an entropy bonus of 0.01: without it its policy became deterministic
 * within 40 iterations (a fixed 14-round schedule, validation return 0.960 against 0.977 with the bonus);
 * PPO without the bonus validated better (0.977 against 0.963), so each keeps its better setting.
 */
const MARKET_T2DRL: TrainingOverrides = { numEnvs: 10, ppo: { gamma: 1, rolloutSteps: 2500, entropyCoef: 0.01 } };

/** The recipes of the shipped checkpoints. */
export const TRAINING_RECIPES: readonly TrainingRecipe[] = [
  { agent: 'ppo', envId: 'EdgeLLM-v0', steps: 1_200_000, seed: 42, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-v0', steps: 1_200_000, seed: 42, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Shift-v0', steps: 1_200_000, seed: 42, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Shift-v0', steps: 1_200_000, seed: 42, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 1, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 2, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 3, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 1, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 2, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Flip-v0', steps: 250_000, seed: 3, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 1, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 2, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 3, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 1, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 2, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLM-Rotate-v0', steps: 250_000, seed: 3, overrides: EDGE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 1, overrides: TRACE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 2, overrides: TRACE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 3, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 1, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 2, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureConv-v0', steps: 50_000, seed: 3, overrides: TRACE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 1, overrides: TRACE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 2, overrides: TRACE },
  { agent: 'ppo', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 3, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 1, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 2, overrides: TRACE },
  { agent: 't2drl', envId: 'EdgeLLM-AzureCode-v0', steps: 50_000, seed: 3, overrides: TRACE },
  // the multi-edge system, one policy shared by the four servers (evaluated on EdgeLLMMulti-View-v0)
  { agent: 'ppo', envId: 'EdgeLLMMulti-v0', steps: 200_000, seed: 42, overrides: EDGE },
  { agent: 't2drl', envId: 'EdgeLLMMulti-v0', steps: 200_000, seed: 42, overrides: EDGE },
  { agent: 'ppo', envId: 'DDAMarket-v0', steps: 500_000, seed: 42, overrides: MARKET },
  { agent: 't2drl', envId: 'DDAMarket-v0', steps: 500_000, seed: 42, overrides: MARKET_T2DRL },
];

/**
 * The `train` command line of a recipe (output directory `runs/<agent>-<env id>-s<seed>` unless given).
 *
 * @example
 * ```ts
 * recipeCommand({ agent: 'ppo', envId: 'EdgeLLM-Flip-v0', steps: 250000, seed: 2, overrides: {} });
 * // 'npx edgellm-gym train --agent ppo --env EdgeLLM-Flip-v0 --steps 250000 --seed 2 --out runs/ppo-EdgeLLM-Flip-v0-s2'
 * ```
 */
export function recipeCommand(r: TrainingRecipe, outDir = `runs/${r.agent}-${r.envId}-s${r.seed}`): string {
  const config = Object.keys(r.overrides).length > 0 ? ` --config '${JSON.stringify(r.overrides)}'` : '';
  return `npx edgellm-gym train --agent ${r.agent} --env ${r.envId} --steps ${r.steps} --seed ${r.seed} --out ${outDir}${config}`;
}

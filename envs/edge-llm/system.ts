/**
 * The static description of an edge server that `reset` puts in `info.system`, so that policies (local
 * or remote) can decide from what the environment exposes.
 * @module
 */
import type { ResolvedConfig } from './config.ts';

/** Static facts about the edge server and its workload. */
export interface SystemDescription {
  /** Agents I. */
  agents: number;
  /** Models, in pair order (pair p = i·M + m). */
  models: { name: string; sizeGB: number; flopsPerToken: number; energyPerToken: number; contextWindow: number }[];
  /** Pairs I·M. */
  pairs: number;
  /** GPU memory G, GB. */
  memoryGB: number;
  /** Energy budget per slot E, J. */
  energyBudget: number;
  /** Compute f, FLOP/s. */
  computeFlops: number;
  /** Reasoning paths J. */
  paths: number;
  /** Tokens per thought k. */
  thoughtTokens: number;
  /** Prompt tokens per agent. */
  promptTokens: number[];
  /** Thoughts that fade per slot Δ. */
  vanishing: number;
  /** ln(1/β). */
  logInvBeta: number;
  /** Slots per episode T. */
  horizon: number;
  /** Requests are observed divided by this (λ̄). */
  requestScale: number;
  /** κ is observed divided by this, per model (window in thoughts). */
  kappaScale: number[];
  /** CoT accuracy α per pair (fraction). */
  alpha: number[];
  /** Cost coefficients. */
  costs: { edgeAccessCost: number; cloudCost: number; switchCostPerGB: number; computeCost: number; accuracyCost: number };
  /** Observation layout: features per pair, in order. */
  pairFeatures: ['cached', 'requests', 'kappa', 'context'];
}

/** Builds the {@link SystemDescription} of a resolved configuration. */
export function describeSystem(c: ResolvedConfig): SystemDescription {
  return {
    agents: c.agents,
    models: c.models.map((m, j) => ({
      name: m.name,
      sizeGB: c.sizeGB[j]!,
      flopsPerToken: c.flopsPerToken[j]!,
      energyPerToken: c.energyPerToken[j]!,
      contextWindow: m.contextWindow,
    })),
    pairs: c.numPairs,
    memoryGB: c.memoryGB,
    energyBudget: c.energyBudget,
    computeFlops: c.computeFlops,
    paths: c.paths,
    thoughtTokens: c.thoughtTokens,
    promptTokens: Array.from(c.prompt),
    vanishing: c.vanishing,
    logInvBeta: c.logInvBeta,
    horizon: c.horizon,
    requestScale: c.requestScale,
    kappaScale: Array.from(c.kappaScale),
    alpha: Array.from(c.alpha),
    costs: {
      edgeAccessCost: c.edgeAccessCost,
      cloudCost: c.cloudCost,
      switchCostPerGB: c.switchCostPerGB,
      computeCost: c.computeCost,
      accuracyCost: c.accuracyCost,
    },
    pairFeatures: ['cached', 'requests', 'kappa', 'context'],
  };
}

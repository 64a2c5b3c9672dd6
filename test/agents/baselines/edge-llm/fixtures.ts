/**
 * A hand-made EdgeLLM system for baseline tests: 3 agents × 1 model of 100 GB, 250 GB of memory (two
 * pairs fit), requests observed with scale 1 and κ with scale 10.
 */
import type { SystemDescription } from '../../../../envs/edge-llm/system.ts';
import { Dict } from '../../../../src/spaces/dict.ts';
import { MultiBinary } from '../../../../src/spaces/multi-binary.ts';
import { Box } from '../../../../src/spaces/box.ts';

export const SYSTEM: SystemDescription = {
  agents: 3,
  models: [{ name: 'm', sizeGB: 100, flopsPerToken: 2e11, energyPerToken: 0.25, contextWindow: 1000 }],
  pairs: 3,
  memoryGB: 250,
  energyBudget: 1e9,
  computeFlops: 1e15,
  paths: 10,
  thoughtTokens: 10,
  promptTokens: [100, 100, 100],
  vanishing: 1,
  logInvBeta: Math.log(7 / 3),
  horizon: 100,
  requestScale: 1,
  kappaScale: [10],
  alpha: [0.5, 0.5, 0.5],
  costs: { edgeAccessCost: 1e-4, cloudCost: 7.5e-3, switchCostPerGB: 1e-4, computeCost: 0.1, accuracyCost: 2.5 },
  pairFeatures: ['cached', 'requests', 'kappa', 'context'],
};

export const ACTION_SPACE = new Dict({ cache: new MultiBinary(3), local: new Box(0, 1, [3], 'float32') });

/** An observation: per pair [cached, requests, κ/10, K/1000], then t/T. */
export function obs(cached: number[], requests: number[], kappa: number[] = [0, 0, 0], t = 0): Float32Array {
  const o = new Float32Array(13);
  for (let p = 0; p < 3; p++) {
    o[4 * p] = cached[p]!;
    o[4 * p + 1] = requests[p]!;
    o[4 * p + 2] = kappa[p]! / 10;
  }
  o[12] = t / 100;
  return o;
}

export const RESET_INFO = { system: SYSTEM };

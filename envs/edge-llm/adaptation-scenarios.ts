/**
 * Scenarios where the instances worth caching change during an episode and memory holds only part of them,
 * so that a policy must adapt (docs/model.md §5).
 * @module
 */
import type { EdgeLLMConfig } from './config.ts';

/** Adaptation scenarios by id: `EdgeLLM-Flip-v0` and `EdgeLLM-Rotate-v0`. */
export const ADAPTATION_SCENARIOS: Readonly<Record<string, { description: string; config: Partial<EdgeLLMConfig> }>> = {
  'EdgeLLM-Flip-v0': {
    description:
      'Each agent needs one model (primaryShare 1); at a random slot in the middle of the episode every agent switches to the other model. 10 agents, 8 GPUs: memory holds 4 of 5 hot LaMDA copies or one PaLM.',
    config: {
      gpus: 8,
      primaryShare: 1,
      workload: { kind: 'shift', shiftWindow: [0.35, 0.65], permuteRates: false, flipMix: true, modulationAmplitude: 0, modulationPeriod: 50 },
    },
  },
  'EdgeLLM-Rotate-v0': {
    description:
      'One model (LaMDA-137B), 20 agents; a window of 9 hot agents moves by 3 agents every 10 slots (the others request at 10% of their rate). 12 GPUs hold 7 copies.',
    config: {
      agents: 20,
      gpus: 12,
      models: [{ name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 16384 }],
      workload: { kind: 'rotate', hot: 9, period: 10, stride: 3, coldScale: 0.1 },
    },
  },
};

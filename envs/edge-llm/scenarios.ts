/**
 * The registered EdgeLLM scenarios: named, versioned configurations (SPEC §5).
 * @module
 */
import type { EdgeLLMConfig } from './config.ts';
import { ADAPTATION_SCENARIOS } from './adaptation-scenarios.ts';
import { TRACE_SCENARIOS } from './trace-scenarios.ts';

/** Ten agents whose base rates are evenly spread from 0.4 to 1.6 requests per slot (mean 1). */
const SPREAD_RATES = Array.from({ length: 10 }, (_, i) => Math.round((0.4 + (1.2 * i) / 9) * 1e6) / 1e6);

/** Scenario configurations by id. */
export const EDGE_LLM_SCENARIOS: Readonly<Record<string, { description: string; config: Partial<EdgeLLMConfig> }>> = {
  'EdgeLLM-v0': {
    description: 'Defaults of SPEC §1.1: 10 agents, LaMDA-137B and PaLM-540B (int8), 16 GPUs, stationary Poisson arrivals.',
    config: {},
  },
  'EdgeLLM-Shift-v0': {
    description:
      'Same server; rates spread 0.4–1.6, permuted and model mixes flipped at a random slot in the middle of the episode, plus a slow ±20% modulation.',
    config: { rates: SPREAD_RATES, workload: { kind: 'shift', shiftWindow: [0.35, 0.65], permuteRates: true, flipMix: true, modulationAmplitude: 0.2, modulationPeriod: 50 } },
  },
  'EdgeLLM-Large-v0': {
    description: '25 agents, 4 models (two extra variants: a long-context LaMDA and an int4 PaLM), 32 GPUs.',
    config: {
      agents: 25,
      gpus: 32,
      models: [
        { name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 16384 },
        { name: 'palm-540b', paramsB: 540, bytesPerParam: 1, contextWindow: 16384 },
        { name: 'lamda-137b-long', paramsB: 137, bytesPerParam: 1.25, contextWindow: 32768, accuracyModel: 'lamda-137b' },
        { name: 'palm-540b-int4', paramsB: 540, bytesPerParam: 0.5, contextWindow: 8192, accuracyModel: 'palm-540b' },
      ],
    },
  },
  ...ADAPTATION_SCENARIOS,
  ...TRACE_SCENARIOS,
};

/**
 * The registered multi-edge scenarios (docs/model.md#8-the-multi-edge-system).
 * @module
 */
import type { EdgeLLMMultiConfig } from './config.ts';

/** Scenario configurations by id. */
export const EDGE_LLM_MULTI_SCENARIOS: Readonly<Record<string, { description: string; config: Partial<EdgeLLMMultiConfig> }>> = {
  'EdgeLLMMulti-v0': {
    description:
      '4 edge servers (8, 16, 16 at 200 W per GPU, 32 GPUs; 3–5 user groups each), LaMDA-137B and PaLM-540B, stationary Poisson arrivals, the reasoning-path market after every slot.',
    config: {},
  },
  'EdgeLLMMulti-NoMarket-v0': {
    description: 'EdgeLLMMulti-v0 with the reasoning-path market off (the ablation that measures what the market is worth).',
    config: { market: false },
  },
  'EdgeLLMMulti-Large-v0': {
    description: '8 edge servers (8 to 48 GPUs, 4–6 user groups each), the same models and market.',
    config: {
      servers: [
        { gpus: 8, agents: 4 },
        { gpus: 8, agents: 4, gpu: { memoryGB: 80, flops: 312e12, watts: 200 } },
        { gpus: 16, agents: 5 },
        { gpus: 16, agents: 5, gpu: { memoryGB: 80, flops: 312e12, watts: 200 } },
        { gpus: 16, agents: 5 },
        { gpus: 24, agents: 5 },
        { gpus: 32, agents: 6 },
        { gpus: 48, agents: 6 },
      ],
    },
  },
  'EdgeLLMMulti-AzureConv-v0': {
    description:
      'The 4 servers of EdgeLLMMulti-v0, each replaying the Azure conversation trace (2023) as EdgeLLM-AzureConv-v0 does, from its own seeded window; the market after every slot.',
    config: { common: { workload: { kind: 'trace', dataset: 'azure-conv', timeScale: 2, trainFraction: 0.8, split: 'auto' } } },
  },
};

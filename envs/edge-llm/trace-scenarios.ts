/**
 * Scenarios replaying the Azure LLM inference trace 2023 (CC-BY 4.0, shipped in `traces/azure-2023/` with its
 * license and attribution); docs/model.md §5.
 * @module
 */
import type { EdgeLLMConfig } from './config.ts';

/** Trace scenarios by id: `EdgeLLM-AzureConv-v0` and `EdgeLLM-AzureCode-v0`. */
export const TRACE_SCENARIOS: Readonly<Record<string, { description: string; config: Partial<EdgeLLMConfig> }>> = {
  'EdgeLLM-AzureConv-v0': {
    description:
      'Default server; requests replayed from the Azure conversation trace (2023), 2 s of trace per slot (~11 requests per slot), prompt and output lengths from the trace. Seeds ≥ 10000 use its last 20%.',
    config: { workload: { kind: 'trace', dataset: 'azure-conv', timeScale: 2, trainFraction: 0.8, split: 'auto' } },
  },
  'EdgeLLM-AzureCode-v0': {
    description:
      'Default server; requests replayed from the bursty Azure coding-assistant trace (2023), 4 s of trace per slot (~10 requests per slot). Seeds ≥ 10000 use its last 20%.',
    config: { workload: { kind: 'trace', dataset: 'azure-code', timeScale: 4, trainFraction: 0.8, split: 'auto' } },
  },
};

/**
 * Baselines that apply to every environment, with their catalogue entries.
 * @module
 */
import type { ImmediateAgentEntry } from '../../agent-entry.ts';
import { RandomPolicy } from './random-policy.ts';

export { RandomPolicy };

/** The catalogue entries of the environment-independent baselines. */
export const GENERIC_BASELINES: readonly ImmediateAgentEntry[] = [
  {
    name: 'random',
    description: 'Uniform random actions.',
    appliesTo: () => true,
    create: (ctx) => new RandomPolicy(ctx.actionSpace, ctx.seed),
    baseline: true,
  },
];

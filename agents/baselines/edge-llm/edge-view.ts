/**
 * Decoding of EdgeLLM observations and info for rule-based policies, and encoding of their decisions in
 * either action format.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import { Box } from '../../../src/spaces/box.ts';
import type { Space } from '../../../src/spaces/space.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { SystemDescription } from '../../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../../envs/edge-llm/edge-llm-env.ts';

/** The state of every pair, decoded from an observation. */
export interface PairState {
  /** Requests of the slot to decide (integers). */
  requests: Float64Array;
  /** Cached entering the slot (0/1). */
  cached: Uint8Array;
  /** κ in thoughts. */
  kappa: Float64Array;
  /** Context tokens K. */
  context: Float64Array;
}

/**
 * Reads the server description from a reset info.
 * @throws {InvalidArgument} when the info does not come from an EdgeLLM environment.
 */
export function readSystem(info: Info): SystemDescription {
  const system = info.system as SystemDescription | undefined;
  if (system === undefined || typeof system !== 'object' || typeof system.pairs !== 'number') {
    throw new InvalidArgument('This policy needs an EdgeLLM environment: the reset info has no `system` description.');
  }
  return system;
}

/** Decodes an observation into per-pair state (requests rounded to integers). */
export function decode(obs: ArrayLike<number>, s: SystemDescription, out?: PairState): PairState {
  const P = s.pairs;
  const M = s.models.length;
  const st = out ?? { requests: new Float64Array(P), cached: new Uint8Array(P), kappa: new Float64Array(P), context: new Float64Array(P) };
  for (let p = 0; p < P; p++) {
    const m = p % M;
    st.cached[p] = obs[4 * p]! > 0.5 ? 1 : 0;
    st.requests[p] = Math.round(obs[4 * p + 1]! * s.requestScale);
    st.kappa[p] = obs[4 * p + 2]! * s.kappaScale[m]!;
    st.context[p] = obs[4 * p + 3]! * s.models[m]!.contextWindow;
  }
  return st;
}

/** Encodes cache bits and local fractions in the format of `actionSpace` (native Dict or flat Box). */
export function encode(actionSpace: Space<unknown>, cache: ArrayLike<number>, local: ArrayLike<number>): EdgeLLMAction | Float32Array {
  const P = cache.length;
  if (actionSpace instanceof Box) {
    const x = new Float32Array(2 * P);
    for (let p = 0; p < P; p++) {
      x[p] = cache[p] ? 1 : -1;
      x[P + p] = 2 * Math.min(Math.max(local[p]!, 0), 1) - 1;
    }
    return x;
  }
  return { cache: Int8Array.from(cache), local: Float32Array.from(local) };
}

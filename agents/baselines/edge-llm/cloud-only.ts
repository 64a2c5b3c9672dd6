/**
 * The cloud-only baseline.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { EdgeLLMAction } from '../../../envs/edge-llm/edge-llm-env.ts';
import { encode, readSystem } from './edge-view.ts';

/** Caches nothing and sends every request to the cloud. */
export class CloudOnlyPolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name = 'cloud';
  private readonly actionSpace: Space<unknown>;
  private pairs = 0;

  constructor(actionSpace: Space<unknown>) {
    this.actionSpace = actionSpace;
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    this.pairs = readSystem(info).pairs;
  }

  act(): EdgeLLMAction | Float32Array {
    return encode(this.actionSpace, new Uint8Array(this.pairs), new Float64Array(this.pairs));
  }
}

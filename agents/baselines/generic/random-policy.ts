/**
 * The random baseline.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Space } from '../../../src/spaces/space.ts';

/** Samples uniformly from the action space with its own seeded generator. */
export class RandomPolicy<Act = unknown> implements Agent<unknown, Act> {
  readonly name = 'random';
  private readonly actionSpace: Space<Act>;

  constructor(actionSpace: Space<Act>, seed?: number) {
    this.actionSpace = actionSpace;
    this.actionSpace.seed(seed);
  }

  reset(): void {}

  act(): Act {
    return this.actionSpace.sample();
  }
}

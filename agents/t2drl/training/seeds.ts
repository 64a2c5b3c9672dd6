/**
 * Seeds of training and validation episodes. Held-out evaluation seeds start at `EVAL_SEED_BASE` (10000);
 * training episodes use seeds in [0, 9000) and validation (model selection during training) the seeds
 * 9000, 9001, … — so neither ever touches the leaderboard's seeds.
 * @module
 */
import { Generator } from '../../../src/random/generator.ts';

/** First validation seed. */
export const VALIDATION_SEED_BASE = 9000;

/**
 * The reset seeds of the `numEnvs` sub-environments in iteration `iteration` of a run seeded `runSeed`:
 * distinct, in [0, {@link VALIDATION_SEED_BASE}), and a pure function of the arguments (so a resumed run
 * sees the same episodes).
 */
export function iterationSeeds(runSeed: number, iteration: number, numEnvs: number): number[] {
  if (numEnvs > VALIDATION_SEED_BASE) throw new RangeError(`iterationSeeds: at most ${VALIDATION_SEED_BASE} environments.`);
  const h = (Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(iteration + 0x6a09e667, 0xc2b2ae35)) >>> 0;
  const base = new Generator(h).integers(0, VALIDATION_SEED_BASE);
  return Array.from({ length: numEnvs }, (_, e) => (base + e) % VALIDATION_SEED_BASE);
}

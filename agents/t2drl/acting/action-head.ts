/**
 * Policy heads per action space: which distribution the network's outputs parameterize, and how a
 * sampled (raw) action becomes the value the environment receives.
 *
 * | space | distribution | environment value |
 * |---|---|---|
 * | `Discrete(n, start)` | Categorical(n) | `start + index` |
 * | `MultiDiscrete(nvec)` | one Categorical per entry | Int32Array of `start + index` |
 * | `MultiBinary(n)` | Bernoulli(n) | Int8Array of 0/1 |
 * | `Box` with finite bounds | SquashedGaussian | `low + (high − low)·clip((1 + 2m)·sigmoid(u) − m, 0, 1)` |
 * | `Box` with an infinite bound | DiagGaussian | the sample clipped into the bounds |
 * | `Dict` of the above | product, parts in key order | object by key |
 *
 * The EdgeLLM native action `Dict({cache: MultiBinary(P), local: Box(0, 1, [P])})` thus gets Bernoulli
 * cache bits and squashed-Gaussian local fractions; the environment projects the result onto the
 * feasible set, and the log-probability used by PPO is that of the raw sampled action.
 *
 * The margin m = {@link SQUASH_MARGIN} stretches the squashed value slightly past the bounds and clips it,
 * so that the bounds themselves (e.g. "serve every request locally", a fraction of exactly 1) are reached
 * with a finite pre-squash value u ≈ ±3 instead of only in the limit u → ±∞, where the sigmoid's
 * gradient vanishes. The mapping is deterministic and applied after sampling, so the log-probability of
 * the raw action u is unchanged.
 * @module
 */
import { Bernoulli } from '../../nn/bernoulli.ts';
import { Categorical } from '../../nn/categorical.ts';
import { DiagGaussian } from '../../nn/diag-gaussian.ts';
import type { ActionDistribution } from '../../nn/distribution.ts';
import { ProductDistribution } from '../../nn/product-distribution.ts';
import { SquashedGaussian } from '../../nn/squashed-gaussian.ts';
import { sigmoid } from '../../nn/js-kernels.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { Space } from '../../../src/spaces/space.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { isFloat } from '../../../src/spaces/dtype.ts';
import { allocate } from '../../../src/spaces/dtype.ts';

/** Margin of the squashed-Gaussian mapping of bounded Boxes (see the module description). */
export const SQUASH_MARGIN = 0.05;

/** A policy head: the distribution over raw actions and the mapping to environment actions. */
export interface ActionHead {
  /** The distribution the network outputs parameterize (`paramSize` outputs, `actionSize` raw numbers). */
  readonly distribution: ActionDistribution;
  /** The environment's action space. */
  readonly space: Space<unknown>;
  /** Human-readable summary, e.g. `Dict(cache: Bernoulli(20), local: SquashedGaussian(20))`. */
  readonly description: string;
  /** The environment action for a raw action row of `actionSize` numbers (a new value each call). */
  toEnv(raw: Float32Array): unknown;
}

interface Part {
  readonly dist: ActionDistribution;
  readonly description: string;
  /** Decodes `raw` (exactly this part's `actionSize` numbers). */
  decode(raw: Float32Array): unknown;
}

function boxPart(space: Box): Part {
  if (!isFloat(space.dtype)) {
    throw new InvalidArgument(
      `Action space ${space.toString()} has integer dtype ${space.dtype}; the learning agents support float Boxes only. ` +
        'Use a float32 Box or a Discrete/MultiDiscrete space.',
    );
  }
  const n = space.size;
  const low = Float64Array.from(space.low);
  const high = Float64Array.from(space.high);
  const bounded = low.every(Number.isFinite) && high.every(Number.isFinite);
  if (bounded) {
    const m = SQUASH_MARGIN;
    return {
      dist: new SquashedGaussian(n),
      description: `SquashedGaussian(${n}, margin ${m})`,
      decode(raw) {
        const out = allocate(space.dtype, n);
        for (let i = 0; i < n; i++) {
          const f = Math.min(1, Math.max(0, (1 + 2 * m) * sigmoid(raw[i]!) - m));
          out[i] = Math.min(high[i]!, Math.max(low[i]!, low[i]! + (high[i]! - low[i]!) * f));
        }
        // float32 rounding may land a hair outside; clamp again after the cast
        for (let i = 0; i < n; i++) out[i] = Math.min(high[i]!, Math.max(low[i]!, out[i]!));
        return out;
      },
    };
  }
  return {
    dist: new DiagGaussian(n),
    description: `DiagGaussian(${n})`,
    decode(raw) {
      const out = allocate(space.dtype, n);
      for (let i = 0; i < n; i++) out[i] = Math.min(high[i]!, Math.max(low[i]!, raw[i]!));
      return out;
    },
  };
}

function partFor(space: Space<unknown>, path: string): Part {
  if (space instanceof Discrete) {
    return {
      dist: new Categorical(space.n),
      description: `Categorical(${space.n})`,
      decode: (raw) => space.start + raw[0]!,
    };
  }
  if (space instanceof MultiBinary) {
    return {
      dist: new Bernoulli(space.size),
      description: `Bernoulli(${space.size})`,
      decode: (raw) => Int8Array.from(raw),
    };
  }
  if (space instanceof MultiDiscrete) {
    const nvec = Array.from(space.nvec);
    const start = Array.from(space.start);
    return {
      dist: new ProductDistribution(nvec.map((n) => new Categorical(n))),
      description: `Categorical[${nvec.join(', ')}]`,
      decode: (raw) => Int32Array.from(raw, (x, i) => start[i]! + x),
    };
  }
  if (space instanceof Box) return boxPart(space);
  if (space instanceof Dict) {
    const parts = space.keys.map((k) => partFor(space.spaces[k]!, `${path}.${k}`));
    const product = new ProductDistribution(parts.map((p) => p.dist));
    return {
      dist: product,
      description: `Dict(${space.keys.map((k, i) => `${k}: ${parts[i]!.description}`).join(', ')})`,
      decode(raw) {
        const out: Record<string, unknown> = {};
        space.keys.forEach((k, i) => {
          const o = product.offsetOf(i);
          out[k] = parts[i]!.decode(raw.subarray(o.action, o.action + parts[i]!.dist.actionSize));
        });
        return out;
      },
    };
  }
  throw new InvalidArgument(
    `The learning agents cannot act in ${path} = ${space.toString()}: supported action spaces are Discrete, ` +
      'MultiDiscrete, MultiBinary, float Box and Dict of these.',
  );
}

/**
 * Builds the policy head of an action space (see the module table).
 *
 * @example
 * ```ts
 * const env = make('EdgeLLM-v0');
 * env.reset({ seed: 0 });
 * const head = actionHeadFor(env.actionSpace);
 * const params = new Float32Array(head.distribution.paramSize); // what the actor network outputs
 * const raw = head.distribution.sample(params, new Generator(0));
 * env.step(head.toEnv(raw));
 * ```
 * @throws {InvalidArgument} for an unsupported space (Tuple, Text, integer Box …), naming it.
 */
export function actionHeadFor(space: Space<unknown>): ActionHead {
  const part = partFor(space, 'actionSpace');
  return {
    distribution: part.dist,
    space,
    description: part.description,
    toEnv: (raw) => part.decode(raw),
  };
}

/**
 * Adam with global gradient-norm clipping, applied in plain JavaScript.
 *
 * tfjs's own optimizer issues about a dozen small kernels per variable per step (plus the clipping), and
 * on the wasm backend every kernel costs a fixed overhead that dwarfs the arithmetic of these small
 * networks: for a TTT actor + critic that was a third of all kernels of a training step. Here the
 * gradients are read once (one synchronous copy per variable), the clipping and the Adam moments are
 * computed on Float32Arrays, and each variable is overwritten once.
 *
 * Update (Kingma & Ba, with ε added to √v̂ as in tfjs and PyTorch):
 *   g ← g·min(1, maxNorm/(‖g‖ + 1e-6)),  m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Σ gᵢ² in float64. */
function sumOfSquares(g: Float32Array): number {
  let sq = 0;
  for (let j = 0; j < g.length; j++) sq += g[j]! * g[j]!;
  return sq;
}

/** Hyper-parameters of {@link Adam}. */
export interface AdamOptions {
  /** Step size (PPO paper setting: 3e-4). */
  learningRate: number;
  /** ε added to √v̂ (default 1e-8; PPO implementations commonly use 1e-5). */
  epsilon?: number;
  /** β₁ (default 0.9). */
  beta1?: number;
  /** β₂ (default 0.999). */
  beta2?: number;
}

/** Outcome of one {@link Adam.apply}. */
export interface AdamStepInfo {
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Factor the gradients were multiplied by (1 when not clipped). */
  readonly clipScale: number;
}

/** One Adam step's hyper-parameters and step number, for {@link adamStepArrays} (from {@link Adam.beginStep}). */
export interface AdamStepArgs {
  /** The step number t (1 for the first step). */
  readonly step: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** The moments of a list of variables, in its order (from {@link Adam.momentsOf}). */
export interface AdamMoments {
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
}

/** One Adam update of `theta` (in place) with gradient `g·clipScale` and moments `m`, `v` (in place). */
function updateArray(args: AdamStepArgs, theta: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, clipScale: number): void {
  const { beta1: b1, beta2: b2, epsilon: eps, learningRate: lr } = args;
  const c1 = 1 - b1 ** args.step;
  const c2 = 1 - b2 ** args.step;
  for (let i = 0; i < theta.length; i++) {
    const gi = g[i]! * clipScale;
    const mi = b1 * m[i]! + (1 - b1) * gi;
    const vi = b2 * v[i]! + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    theta[i] = theta[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}

/** Global gradient norm and clip factor from the squared norm. */
function clipOf(sq: number, maxGradNorm: number): AdamStepInfo {
  const gradNorm = Math.sqrt(sq);
  const clipScale = Number.isFinite(maxGradNorm) ? Math.min(1, maxGradNorm / (gradNorm + 1e-6)) : 1;
  return { gradNorm, clipScale };
}

/**
 * The arithmetic of {@link Adam.applyArrays} on explicit moments: clips `grads` to a global norm of
 * `maxGradNorm` (the squared norm summed per array, in order) and updates `params`, `m` and `v` in place.
 * For a step whose bookkeeping stays with an {@link Adam} ({@link Adam.beginStep}, {@link Adam.momentsOf})
 * while the arithmetic runs on another thread, with the same result bit for bit.
 *
 * @example
 * ```ts
 * const theta = new Float32Array([1]);
 * const info = adamStepArrays({ step: 1, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
 *   [theta], [new Float32Array([2])], [new Float32Array(1)], [new Float32Array(1)], 1);
 * console.log(info.gradNorm, info.clipScale.toFixed(3), theta[0]!.toFixed(3));   // 2 0.500 0.900
 * ```
 */
export function adamStepArrays(
  args: AdamStepArgs,
  params: readonly Float32Array[],
  grads: readonly Float32Array[],
  m: readonly Float32Array[],
  v: readonly Float32Array[],
  maxGradNorm: number,
): AdamStepInfo {
  let sq = 0;
  for (const g of grads) sq += sumOfSquares(g);
  const info = clipOf(sq, maxGradNorm);
  for (let i = 0; i < params.length; i++) updateArray(args, params[i]!, grads[i]!, m[i]!, v[i]!, info.clipScale);
  return info;
}

/**
 * A snapshot of {@link Adam}'s state for checkpoints: the step count and, per variable (in the order of
 * the list given to {@link Adam.exportState}), the first and second moments, or `null` for a variable
 * that has not been updated yet.
 */
export interface AdamState {
  /** Steps taken. */
  readonly step: number;
  /** Moments per variable, in the order of the variable list. */
  readonly moments: readonly ({ readonly m: Float32Array; readonly v: Float32Array } | null)[];
}

/** Adam over a fixed list of tfjs variables, computed in plain JS (see the module description). */
export class Adam {
  /** Step size; may be changed between steps (e.g. for a schedule). */
  learningRate: number;
  readonly epsilon: number;
  readonly beta1: number;
  readonly beta2: number;
  private readonly m = new Map<tf.Variable, Float32Array>();
  private readonly v = new Map<tf.Variable, Float32Array>();
  private t = 0;

  /** @throws RangeError naming an invalid hyper-parameter. */
  constructor(options: AdamOptions) {
    const { learningRate, epsilon = 1e-8, beta1 = 0.9, beta2 = 0.999 } = options;
    if (!(Number.isFinite(learningRate) && learningRate > 0)) {
      throw new RangeError(`Adam: learningRate must be a finite number > 0, got ${learningRate}.`);
    }
    if (!(Number.isFinite(epsilon) && epsilon > 0)) throw new RangeError(`Adam: epsilon must be > 0, got ${epsilon}.`);
    for (const [name, b] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new RangeError(`Adam: ${name} must be in [0, 1), got ${b}.`);
    }
    this.learningRate = learningRate;
    this.epsilon = epsilon;
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  /** Number of steps taken. */
  get steps(): number {
    return this.t;
  }

  /**
   * Clips `grads` to a global norm of `maxGradNorm` and applies one Adam step to `variables`.
   *
   * @param variables the variables to update.
   * @param grads gradients keyed by variable name (as returned by `tf.variableGrads`); variables without
   *   a gradient are left unchanged (their moments are not advanced).
   * @param maxGradNorm global-norm bound; Infinity disables clipping.
   * @throws RangeError if `maxGradNorm` is not > 0; Error if a gradient's size does not match its variable.
   */
  apply(variables: readonly tf.Variable[], grads: tf.NamedTensorMap, maxGradNorm = Infinity): AdamStepInfo {
    if (!(maxGradNorm > 0)) throw new RangeError(`Adam.apply: maxGradNorm must be > 0 (or Infinity), got ${maxGradNorm}.`);
    const pairs: [tf.Variable, Float32Array][] = [];
    let sq = 0;
    for (const variable of variables) {
      const g = grads[variable.name];
      if (g === undefined) continue;
      if (g.size !== variable.size) {
        throw new Error(`Adam.apply: gradient of '${variable.name}' has ${g.size} values, the variable ${variable.size}.`);
      }
      const data = g.dataSync() as Float32Array;
      for (let i = 0; i < data.length; i++) sq += data[i]! * data[i]!;
      pairs.push([variable, data]);
    }
    const { gradNorm, clipScale } = clipOf(sq, maxGradNorm);
    const args = this.beginStep();
    for (const [variable, g] of pairs) {
      const theta = (variable.dataSync() as Float32Array).slice();
      const { m, v } = this.momentsOf([variable]);
      updateArray(args, theta, g, m[0]!, v[0]!, clipScale);
      const next = tf.tensor(theta, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    }
    return { gradNorm, clipScale };
  }

  /**
   * The step of {@link apply} on plain arrays, for training loops that keep the weights in JavaScript
   * between steps: `params[i]` holds the current values of `variables[i]` and is updated in place with
   * `grads[i]`; the variables themselves are not written (write the arrays back when done), they key
   * the moments, so {@link exportState} and {@link importState} work as after {@link apply}. The same
   * update as {@link apply} (the squared norm is summed per array, so it may differ in the last float64 bit).
   *
   * @throws RangeError if `maxGradNorm` is not > 0 or the lists do not match the variables in length and sizes.
   */
  applyArrays(
    variables: readonly tf.Variable[],
    params: readonly Float32Array[],
    grads: readonly Float32Array[],
    maxGradNorm = Infinity,
  ): AdamStepInfo {
    if (!(maxGradNorm > 0)) throw new RangeError(`Adam.applyArrays: maxGradNorm must be > 0 (or Infinity), got ${maxGradNorm}.`);
    if (params.length !== variables.length || grads.length !== variables.length) {
      throw new RangeError(
        `Adam.applyArrays: ${variables.length} variables need as many parameter and gradient arrays, got ${params.length} and ${grads.length}.`,
      );
    }
    for (let i = 0; i < variables.length; i++) {
      const variable = variables[i]!;
      if (grads[i]!.length !== variable.size || params[i]!.length !== variable.size) {
        throw new RangeError(
          `Adam.applyArrays: '${variable.name}' has ${variable.size} values, its parameter array ${params[i]!.length} and gradient ${grads[i]!.length}.`,
        );
      }
    }
    const { m, v } = this.momentsOf(variables);
    return adamStepArrays(this.beginStep(), params, grads, m, v, maxGradNorm);
  }

  /**
   * Advances the step count and returns the new step's arguments, for a step whose arithmetic runs
   * elsewhere ({@link adamStepArrays} on the moments of {@link momentsOf}).
   */
  beginStep(): AdamStepArgs {
    this.t += 1;
    return { step: this.t, learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /**
   * The moments of `variables` (zeros for a variable not stepped yet), in their order: the arrays the
   * optimizer keeps, updated in place by every step. With `shared`, moments not yet on shared memory are
   * moved there first (same values), for a thread to step them.
   */
  momentsOf(variables: readonly tf.Variable[], shared = false): AdamMoments {
    const make = (n: number) => (shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n));
    const own = (map: Map<tf.Variable, Float32Array>, variable: tf.Variable): Float32Array => {
      let a = map.get(variable);
      if (a === undefined || (shared && !(a.buffer instanceof SharedArrayBuffer))) {
        const fresh = make(variable.size);
        if (a !== undefined) fresh.set(a);
        map.set(variable, fresh);
        a = fresh;
      }
      return a;
    };
    return { m: variables.map((x) => own(this.m, x)), v: variables.map((x) => own(this.v, x)) };
  }

  /**
   * Copies the step count and the moments of `variables` (in that order) for a checkpoint.
   * Restore with {@link importState} on the same list of variables (same order and sizes).
   */
  exportState(variables: readonly tf.Variable[]): AdamState {
    return {
      step: this.t,
      moments: variables.map((variable) => {
        const m = this.m.get(variable);
        const v = this.v.get(variable);
        return m === undefined || v === undefined ? null : { m: m.slice(), v: v.slice() };
      }),
    };
  }

  /**
   * Restores a snapshot made by {@link exportState}; `variables` must be the list (same order and
   * sizes) the snapshot was taken with, possibly of a new network.
   *
   * @throws RangeError when the number of variables or a moment's size does not match.
   */
  importState(variables: readonly tf.Variable[], state: AdamState): void {
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new RangeError(`Adam.importState: step must be a non-negative integer, got ${String(state.step)}.`);
    }
    if (state.moments.length !== variables.length) {
      throw new RangeError(
        `Adam.importState: the snapshot has moments for ${state.moments.length} variables, ${variables.length} were given; ` +
          'pass the same variable list that exportState was called with.',
      );
    }
    variables.forEach((variable, i) => {
      const mo = state.moments[i];
      if (mo !== null && mo !== undefined && (mo.m.length !== variable.size || mo.v.length !== variable.size)) {
        throw new RangeError(
          `Adam.importState: moments of variable ${i} have ${mo.m.length}/${mo.v.length} values, the variable ${variable.size}.`,
        );
      }
    });
    this.reset();
    this.t = state.step;
    variables.forEach((variable, i) => {
      const mo = state.moments[i];
      if (mo === null || mo === undefined) return;
      this.m.set(variable, Float32Array.from(mo.m));
      this.v.set(variable, Float32Array.from(mo.v));
    });
  }

  /** Forgets the moments and the step count (e.g. when the trained variables are replaced). */
  reset(): void {
    this.m.clear();
    this.v.clear();
    this.t = 0;
  }
}

/**
 * A named set of trainable tfjs variables with plain-JS readout.
 *
 * Networks keep their parameters here so that (a) the optimizer and the gradient code get one list of
 * variables, (b) the plain-JS rollout path can read every weight out once per PPO iteration, and
 * (c) weights can be saved and restored as plain Float32Arrays.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Plain-JS copy of a parameter set: name → row-major values. */
export type ParamValues = Record<string, Float32Array>;

/** An ordered, named collection of `tf.Variable`s. */
export class ParamSet {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly shapes = new Map<string, readonly number[]>();
  private disposed = false;

  /**
   * Creates a trainable float32 variable initialized from `values` (row-major, length = product of
   * `shape`) and stores it under `name`.
   *
   * @throws Error if the name is taken or the value count does not match the shape.
   */
  add(name: string, shape: readonly number[], values: Float32Array): tf.Variable {
    this.checkAlive();
    if (this.vars.has(name)) throw new Error(`ParamSet.add: parameter '${name}' already exists; use a unique name.`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) {
      throw new Error(
        `ParamSet.add: parameter '${name}' has shape [${shape.join(', ')}] (${size} values) but ${values.length} values were given.`,
      );
    }
    const init = tf.tensor(values, [...shape], 'float32');
    const v = tf.variable(init, true);
    init.dispose(); // the variable holds its own reference to the data
    this.vars.set(name, v);
    this.shapes.set(name, [...shape]);
    return v;
  }

  /** The variable stored under `name`. @throws Error naming the missing parameter. */
  get(name: string): tf.Variable {
    this.checkAlive();
    const v = this.vars.get(name);
    if (v === undefined) {
      throw new Error(`ParamSet.get: no parameter '${name}'; known: ${[...this.vars.keys()].join(', ')}.`);
    }
    return v;
  }

  /** Parameter names in creation order. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** All variables in creation order (what the optimizer trains). */
  variables(): tf.Variable[] {
    this.checkAlive();
    return [...this.vars.values()];
  }

  /** Shape of a parameter. */
  shape(name: string): readonly number[] {
    const s = this.shapes.get(name);
    if (s === undefined) throw new Error(`ParamSet.shape: no parameter '${name}'.`);
    return s;
  }

  /** Total number of scalar parameters. */
  size(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /**
   * Copies every parameter to a Float32Array (one synchronous read each; do it once per PPO iteration,
   * outside `tf.tidy`).
   */
  read(): ParamValues {
    this.checkAlive();
    const out: ParamValues = {};
    for (const [name, v] of this.vars) out[name] = (v.dataSync() as Float32Array).slice();
    return out;
  }

  /**
   * Overwrites parameters from plain values (e.g. a checkpoint). Every name in `values` must exist and
   * have the right length; parameters not named are left unchanged.
   */
  write(values: ParamValues): void {
    this.checkAlive();
    for (const [name, data] of Object.entries(values)) {
      const v = this.get(name);
      if (data.length !== v.size) {
        throw new Error(`ParamSet.write: parameter '${name}' needs ${v.size} values, got ${data.length}.`);
      }
      tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
    }
  }

  /** Frees every variable; the set cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.disposed = true;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('ParamSet used after dispose(); create a new network instead.');
  }
}

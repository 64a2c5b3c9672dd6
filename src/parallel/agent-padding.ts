/**
 * `AgentPadding`: one observation space and one action space for every agent of a {@link ParallelEnv}
 * whose agents have spaces of the same structure but different sizes, so that one network can act for
 * all of them (parameter sharing).
 *
 * - Observation: the agent's flattened observation, zero-padded to the largest agent's length, then a
 *   one-hot of the agent's index in `possibleAgents` — a float32 Box of `maxDim + numAgents` values.
 * - Action: the space of the same structure whose every part has the largest size among the agents
 *   (`Box` and `MultiBinary` parts grow; `Discrete` and `MultiDiscrete` parts must be equal; `Dict`
 *   parts must have the same keys). Cutting a padded action back to an agent keeps the first entries of
 *   each part (the agent's size), clips Box entries into the agent's own bounds, and ignores the rest.
 * @module
 */
import { InvalidArgument } from '../core/errors.ts';
import { Box } from '../spaces/box.ts';
import { Dict } from '../spaces/dict.ts';
import { Discrete } from '../spaces/discrete.ts';
import { MultiBinary } from '../spaces/multi-binary.ts';
import { MultiDiscrete } from '../spaces/multi-discrete.ts';
import type { Space } from '../spaces/space.ts';
import { flatdim, flatten, flattenSpace } from '../spaces/flatten.ts';
import { allocate } from '../spaces/dtype.ts';
import type { ParallelEnv } from './parallel-env.ts';

/** How one part of the padded action maps to the agents' parts. */
interface PadPart {
  /** The padded space of this part. */
  readonly space: Space<unknown>;
  /** Agent `i`'s value of this part from the padded value. */
  cut(value: unknown, i: number): unknown;
  /** The padded value of agent `i`'s value of this part (zeros, or the nearest bound, in the padding). */
  pad(value: unknown, i: number): unknown;
}

function where(agent: string, path: string): string {
  return `agent ${agent}'s action space${path === '' ? '' : ` at ${path}`}`;
}

function padPart(spaces: readonly Space<unknown>[], agents: readonly string[], path: string): PadPart {
  const first = spaces[0]!;
  const odd = (test: (s: Space<unknown>) => boolean) => spaces.findIndex((s) => !test(s));
  if (first instanceof Box) {
    const bad = odd((s) => s instanceof Box && s.shape.length === 1 && s.dtype === first.dtype);
    if (bad !== -1 || first.shape.length !== 1) {
      const i = bad === -1 ? 0 : bad;
      throw new InvalidArgument(
        `Cannot pad the agents' actions: ${where(agents[i]!, path)} is ${spaces[i]!.toString()}, but ${where(agents[0]!, path)} is the one-dimensional ${first.dtype} Box ${first.toString()}; every agent needs a one-dimensional Box of the same dtype there.`,
      );
    }
    const boxes = spaces as Box[];
    const size = Math.max(...boxes.map((b) => b.size));
    const low = new Array<number>(size).fill(Infinity);
    const high = new Array<number>(size).fill(-Infinity);
    for (const b of boxes) {
      for (let j = 0; j < b.size; j++) {
        low[j] = Math.min(low[j]!, b.low[j]!);
        high[j] = Math.max(high[j]!, b.high[j]!);
      }
    }
    const space = new Box(low, high, [size], first.dtype);
    const fill = low.map((lo, j) => Math.min(high[j]!, Math.max(lo, 0)));
    return {
      space,
      cut(value, i) {
        const b = boxes[i]!;
        const x = value as ArrayLike<number>;
        const out = allocate(b.dtype, b.size);
        for (let j = 0; j < b.size; j++) out[j] = Math.min(b.high[j]!, Math.max(b.low[j]!, x[j]!));
        return out;
      },
      pad(value, i) {
        const x = value as ArrayLike<number>;
        const out = allocate(space.dtype, size);
        for (let j = 0; j < size; j++) out[j] = j < boxes[i]!.size ? x[j]! : fill[j]!;
        return out;
      },
    };
  }
  if (first instanceof MultiBinary) {
    const bad = odd((s) => s instanceof MultiBinary && s.shape.length === 1);
    if (bad !== -1 || first.shape.length !== 1) {
      const i = bad === -1 ? 0 : bad;
      throw new InvalidArgument(`Cannot pad the agents' actions: ${where(agents[i]!, path)} is ${spaces[i]!.toString()}; every agent needs a one-dimensional MultiBinary there, as ${agents[0]} has.`);
    }
    const sizes = (spaces as MultiBinary[]).map((s) => s.size);
    const size = Math.max(...sizes);
    return {
      space: new MultiBinary(size),
      cut: (value, i) => Int8Array.from({ length: sizes[i]! }, (_, j) => (value as ArrayLike<number>)[j]!),
      pad(value, i) {
        const out = new Int8Array(size);
        for (let j = 0; j < sizes[i]!; j++) out[j] = (value as ArrayLike<number>)[j]!;
        return out;
      },
    };
  }
  if (first instanceof Discrete || first instanceof MultiDiscrete) {
    const bad = odd((s) => s.equals(first));
    if (bad !== -1) {
      throw new InvalidArgument(
        `Cannot pad the agents' actions: ${where(agents[bad]!, path)} is ${spaces[bad]!.toString()} but ${agents[0]}'s is ${first.toString()}; Discrete and MultiDiscrete parts must be the same for every agent.`,
      );
    }
    return { space: first, cut: (value) => value, pad: (value) => value };
  }
  if (first instanceof Dict) {
    const keys = first.keys;
    const bad = odd((s) => s instanceof Dict && s.keys.length === keys.length && s.keys.every((k, j) => k === keys[j]));
    if (bad !== -1) {
      throw new InvalidArgument(
        `Cannot pad the agents' actions: ${where(agents[bad]!, path)} is ${spaces[bad]!.toString()}; every agent needs a Dict with the keys ${keys.join(', ')} there, as ${agents[0]} has.`,
      );
    }
    const parts = keys.map((k) => padPart(spaces.map((s) => (s as Dict).spaces[k]!), agents, path === '' ? k : `${path}.${k}`));
    return {
      space: new Dict(Object.fromEntries(keys.map((k, j) => [k, parts[j]!.space]))),
      cut: (value, i) => Object.fromEntries(keys.map((k, j) => [k, parts[j]!.cut((value as Record<string, unknown>)[k], i)])),
      pad: (value, i) => Object.fromEntries(keys.map((k, j) => [k, parts[j]!.pad((value as Record<string, unknown>)[k], i)])),
    };
  }
  throw new InvalidArgument(
    `Cannot pad the agents' actions: ${where(agents[0]!, path)} is ${first.toString()}; supported are one-dimensional Box and MultiBinary, Discrete, MultiDiscrete and Dict of these.`,
  );
}

/**
 * The padded spaces of a set of agents (see the module description).
 *
 * @example
 * ```ts
 * const pad = new AgentPadding(['a', 'b'], [new Box(0, 1, [2]), new Box(0, 1, [3])], [new MultiBinary(1), new MultiBinary(2)]);
 * pad.observationSpace.shape;                         // [5]: 3 values, then a one-hot of 2
 * pad.padObservation(0, Float32Array.of(0.5, 0.25));  // [0.5, 0.25, 0, 1, 0]
 * pad.cutAction(0, Int8Array.of(1, 1));               // Int8Array [1]
 * ```
 */
export class AgentPadding {
  /** The agents, in the order of their one-hot index. */
  readonly agents: readonly string[];
  /** Each agent's own observation space. */
  readonly agentObservationSpaces: readonly Space<unknown>[];
  /** Each agent's own action space. */
  readonly agentActionSpaces: readonly Space<unknown>[];
  /** Each agent's flattened observation length. */
  readonly observationDims: readonly number[];
  /** The largest flattened observation length (where the one-hot starts). */
  readonly maxObservationDim: number;
  /** The padded observation space: float32 Box of `maxObservationDim + agents.length` values. */
  readonly observationSpace: Box<Float32Array>;
  /** The padded action space. */
  readonly actionSpace: Space<unknown>;
  private readonly action: PadPart;

  /**
   * @throws {InvalidArgument} naming the agent whose spaces cannot be padded with the others' (different
   *   structure, a Box that is not one-dimensional, an observation space that cannot be flattened).
   */
  constructor(agents: readonly string[], observationSpaces: readonly Space<unknown>[], actionSpaces: readonly Space<unknown>[]) {
    if (agents.length === 0) throw new InvalidArgument('AgentPadding needs at least one agent.');
    if (observationSpaces.length !== agents.length || actionSpaces.length !== agents.length) {
      throw new InvalidArgument(`AgentPadding: ${agents.length} agents but ${observationSpaces.length} observation and ${actionSpaces.length} action spaces.`);
    }
    this.agents = Object.freeze([...agents]);
    this.agentObservationSpaces = Object.freeze([...observationSpaces]);
    this.agentActionSpaces = Object.freeze([...actionSpaces]);
    const flat = observationSpaces.map((s, i) => {
      try {
        return flattenSpace(s);
      } catch (e) {
        throw new InvalidArgument(`Cannot pad agent ${agents[i]}'s observations: ${(e as Error).message}`);
      }
    });
    this.observationDims = Object.freeze(observationSpaces.map((s) => flatdim(s)));
    const D = Math.max(...this.observationDims);
    const N = agents.length;
    this.maxObservationDim = D;
    const low = new Array<number>(D + N).fill(0);
    const high = new Array<number>(D + N).fill(0);
    for (const b of flat) {
      for (let j = 0; j < b.size; j++) {
        low[j] = Math.min(low[j]!, b.low[j]!);
        high[j] = Math.max(high[j]!, b.high[j]!);
      }
    }
    for (let j = D; j < D + N; j++) high[j] = 1;
    this.observationSpace = new Box(low, high, [D + N], 'float32') as Box<Float32Array>;
    this.action = padPart(actionSpaces, agents, '');
    this.actionSpace = this.action.space;
  }

  /** The padding of every possible agent of `env`, in `possibleAgents` order. */
  static of(env: ParallelEnv<any, any>): AgentPadding {
    const agents = env.possibleAgents;
    return new AgentPadding(
      agents,
      agents.map((a) => env.observationSpace(a) as Space<unknown>),
      agents.map((a) => env.actionSpace(a) as Space<unknown>),
    );
  }

  /** The index of `agent`. @throws {InvalidArgument} naming the agents when it is not one of them. */
  indexOf(agent: string): number {
    const i = this.agents.indexOf(agent);
    if (i === -1) throw new InvalidArgument(`${JSON.stringify(agent)} is not one of the padded agents (${this.agents.join(', ')}).`);
    return i;
  }

  /** Agent `i`'s observation, flattened, zero-padded and followed by its one-hot, into `out` (a new array by default). */
  padObservation(i: number, obs: unknown, out: Float32Array = new Float32Array(this.observationSpace.size)): Float32Array {
    this.check(i);
    const flat = flatten(this.agentObservationSpaces[i]!, obs) as ArrayLike<number>;
    this.padFlatObservation(i, flat, out);
    return out;
  }

  /** As {@link padObservation} from an already flattened observation of agent `i` (`observationDims[i]` values). */
  padFlatObservation(i: number, flat: ArrayLike<number>, out: Float32Array): Float32Array {
    const d = this.observationDims[i]!;
    if (flat.length !== d) throw new RangeError(`Agent ${this.agents[i]}'s flattened observation has ${flat.length} values; expected ${d}.`);
    out.fill(0);
    for (let j = 0; j < d; j++) out[j] = flat[j]!;
    out[this.maxObservationDim + i] = 1;
    return out;
  }

  /** Agent `i`'s flattened observation back out of a padded one (the first `observationDims[i]` values). */
  cutObservation(i: number, padded: ArrayLike<number>): Float32Array {
    this.check(i);
    return Float32Array.from({ length: this.observationDims[i]! }, (_, j) => padded[j]!);
  }

  /** Agent `i`'s action from a padded action: each part cut to the agent's size, Box entries clipped to its bounds. */
  cutAction(i: number, padded: unknown): unknown {
    this.check(i);
    return this.action.cut(padded, i);
  }

  /** The padded action of agent `i`'s action (padding: 0, or the nearest bound of the padded Box when 0 is outside it). */
  padAction(i: number, action: unknown): unknown {
    this.check(i);
    return this.action.pad(action, i);
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.agents.length) {
      throw new RangeError(`Agent index ${i} is out of range; there are ${this.agents.length} agents (${this.agents.join(', ')}).`);
    }
  }
}


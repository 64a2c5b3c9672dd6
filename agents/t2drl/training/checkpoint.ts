/**
 * Checkpoints of the learning agents: one self-describing JSON file holding the training configuration,
 * the network configuration and weights, both optimizers' states (Adam moments and step counts), the
 * normalization statistics, the run's progress (iteration, steps, sampling-generator state) and learning
 * curve, the versions that produced it (package, tfjs, backend, Node), and the environment it belongs to
 * (id, configuration hash, serialized spaces).
 *
 * Arrays are float32, little-endian, base64-encoded. Files are written atomically (temporary file +
 * rename), so a run killed while saving leaves the previous checkpoint intact.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Env } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { SpaceJSON } from '../../../src/spaces/space-json.ts';
import { writeFileAtomic } from '../../../src/utils/atomic-write.ts';
import { canonicalJSON, configHash } from '../../../src/utils/run-metadata.ts';
import type { AdamState } from '../../ppo/adam.ts';
import type { ParamValues } from '../../nn/params.ts';
import type { NetworkConfig } from '../acting/actor-critic.ts';
import type { RunningStatsJSON } from '../acting/normalizers.ts';
import type { LearningAgentKind, TrainingConfig } from './training-config.ts';
import type { CurveJSON } from './learning-curve.ts';

/** Value of the `format` field. */
export const CHECKPOINT_FORMAT = 'edgellm-gym/agent-checkpoint';
/** Current `formatVersion`. */
export const CHECKPOINT_VERSION = 1;

/** A float32 array in a checkpoint. */
export interface EncodedArray {
  /** Number of values. */
  readonly length: number;
  /** Little-endian float32 bytes, base64. */
  readonly data: string;
}

/** What identifies the environment a checkpoint was trained on. */
export interface CheckpointEnv {
  /** Registered id. */
  readonly id: string;
  /** Hash of the environment's resolved configuration. */
  readonly configHash: string;
  /** Keyword arguments given on top of the registered configuration. */
  readonly kwargs: Record<string, unknown>;
  /** Serialized observation space. */
  readonly observationSpace: SpaceJSON;
  /** Serialized action space. */
  readonly actionSpace: SpaceJSON;
  /**
   * A multi-agent (parallel) environment trained with parameter sharing: the agents in the order of their
   * one-hot and each agent's own spaces (the spaces above are then the padded ones the network uses).
   */
  readonly agents?: { readonly names: string[]; readonly observationSpaces: SpaceJSON[]; readonly actionSpaces: SpaceJSON[] };
}

/** An optimizer's state in a checkpoint (moments by parameter name). */
export interface EncodedAdam {
  readonly step: number;
  readonly moments: Record<string, { m: EncodedArray; v: EncodedArray } | null>;
}

/** Progress of the run at the time of the checkpoint. */
export interface CheckpointProgress {
  /** PPO iterations completed. */
  readonly iteration: number;
  /** Environment steps collected. */
  readonly envSteps: number;
  /** Episodes completed. */
  readonly episodes: number;
  /** Gradient steps taken. */
  readonly gradientSteps: number;
  /** Wall-clock seconds of training so far. */
  readonly elapsedSeconds: number;
  /** State of the sampling generator (`null` stands for NaN). */
  readonly rngState: (number | null)[];
  /** Best validation cost so far and its iteration (`null` before the first validation). */
  readonly best: { iteration: number; evalCost: number } | null;
}

/** The decoded contents of a checkpoint file. */
export interface CheckpointFile {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly formatVersion: number;
  /** Which agent. */
  readonly agent: LearningAgentKind;
  /** ISO time of writing. */
  readonly createdAt: string;
  /** Versions of what produced the file. */
  readonly versions: { package: string; packageVersion: string; tfjs: string; backend: string; node: string; gitCommit: string | null };
  /** The environment. */
  readonly env: CheckpointEnv;
  /** The training configuration. */
  readonly training: TrainingConfig;
  /** The network configuration. */
  readonly network: NetworkConfig;
  /** Description of the policy head. */
  readonly actionHead: string;
  /** Network weights by prefixed parameter name (`actor/…`, `critic/…`). */
  readonly weights: Record<string, EncodedArray>;
  /** Optimizer states. */
  readonly optimizer: { readonly actor: EncodedAdam; readonly critic: EncodedAdam };
  /** Normalization statistics. */
  readonly normalization: { readonly obs: RunningStatsJSON; readonly value: RunningStatsJSON };
  /** Progress of the run. */
  readonly progress: CheckpointProgress;
  /** The learning curve up to this checkpoint (read it with `curveFromJSON`). */
  readonly curve: CurveJSON;
}

/** Encodes a float32 array. */
export function encodeArray(values: Float32Array): EncodedArray {
  const copy = Float32Array.from(values); // own, aligned buffer in platform (little-endian) order
  return { length: copy.length, data: Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).toString('base64') };
}

/** Decodes an {@link EncodedArray}. @throws {InvalidArgument} when the byte count does not match `length`. */
export function decodeArray(encoded: EncodedArray, field: string): Float32Array {
  if (encoded === null || typeof encoded !== 'object' || typeof encoded.data !== 'string' || !Number.isInteger(encoded.length)) {
    throw new InvalidArgument(`Checkpoint field ${field} must be { length, data } (base64 float32).`);
  }
  const bytes = Buffer.from(encoded.data, 'base64');
  if (bytes.byteLength !== encoded.length * 4) {
    throw new InvalidArgument(`Checkpoint field ${field} holds ${bytes.byteLength} bytes, expected ${encoded.length * 4}; the file is damaged.`);
  }
  const out = new Float32Array(encoded.length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Encodes weights by name. */
export function encodeWeights(values: ParamValues): Record<string, EncodedArray> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeArray(v)]));
}

/** Decodes weights by name. */
export function decodeWeights(encoded: Record<string, EncodedArray>): ParamValues {
  return Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, decodeArray(v, `weights.${k}`)]));
}

/** Encodes an Adam state whose moments follow `names`. */
export function encodeAdam(state: AdamState, names: readonly string[]): EncodedAdam {
  if (state.moments.length !== names.length) throw new RangeError(`encodeAdam: ${state.moments.length} moments for ${names.length} names.`);
  const moments: EncodedAdam['moments'] = {};
  names.forEach((name, i) => {
    const mo = state.moments[i];
    moments[name] = mo === null || mo === undefined ? null : { m: encodeArray(mo.m), v: encodeArray(mo.v) };
  });
  return { step: state.step, moments };
}

/** Decodes an Adam state into the order of `names`. @throws {InvalidArgument} for a missing name. */
export function decodeAdam(encoded: EncodedAdam, names: readonly string[], field: string): AdamState {
  return {
    step: encoded.step,
    moments: names.map((name) => {
      if (!(name in encoded.moments)) throw new InvalidArgument(`Checkpoint ${field} has no moments for '${name}'; the file does not match this network.`);
      const mo = encoded.moments[name];
      return mo === null || mo === undefined ? null : { m: decodeArray(mo.m, `${field}.${name}.m`), v: decodeArray(mo.v, `${field}.${name}.v`) };
    }),
  };
}

/** The {@link CheckpointEnv} of an environment made from registered id `id` with `kwargs`. */
export function describeEnv(env: Env<unknown, unknown>, id: string, kwargs: Record<string, unknown> = {}): CheckpointEnv {
  const unwrapped = env.unwrapped as unknown as { config?: unknown };
  return {
    id,
    configHash: configHash(unwrapped.config ?? { ...(env.spec?.kwargs ?? {}), ...kwargs }),
    kwargs: { ...kwargs },
    observationSpace: env.observationSpace.toJSON(),
    actionSpace: env.actionSpace.toJSON(),
  };
}

/**
 * Refuses a checkpoint that does not belong to the environment `actual`: a different id, configuration
 * or observation/action space. `source` names the file in the message.
 *
 * @throws {InvalidArgument} saying what differs and what to do.
 */
export function checkCompatible(ckpt: Pick<CheckpointFile, 'env' | 'agent'>, actual: CheckpointEnv, source: string): void {
  const want = ckpt.env;
  const fix = `Train a checkpoint for it with \`npx edgellm-gym train --agent ${ckpt.agent} --env ${actual.id} …\`.`;
  if (want.id !== actual.id) {
    throw new InvalidArgument(`Checkpoint ${source} was trained on ${want.id}, not ${actual.id}. ${fix}`);
  }
  if (canonicalJSON(want.observationSpace) !== canonicalJSON(actual.observationSpace)) {
    throw new InvalidArgument(
      `Checkpoint ${source} expects observation space ${canonicalJSON(want.observationSpace).slice(0, 120)}, but ${actual.id} has ` +
        `${canonicalJSON(actual.observationSpace).slice(0, 120)}. ${fix}`,
    );
  }
  if (canonicalJSON(want.actionSpace) !== canonicalJSON(actual.actionSpace)) {
    throw new InvalidArgument(
      `Checkpoint ${source} expects action space ${canonicalJSON(want.actionSpace).slice(0, 120)}, but ${actual.id} has ` +
        `${canonicalJSON(actual.actionSpace).slice(0, 120)}. ${fix}`,
    );
  }
  if (want.configHash !== actual.configHash) {
    throw new InvalidArgument(
      `Checkpoint ${source} was trained on ${want.id} with configuration ${want.configHash}` +
        `${Object.keys(want.kwargs).length > 0 ? ` (overrides ${JSON.stringify(want.kwargs)})` : ''}, but this environment's ` +
        `configuration is ${actual.configHash}${Object.keys(actual.kwargs).length > 0 ? ` (overrides ${JSON.stringify(actual.kwargs)})` : ''}. ` +
        `A checkpoint works only for the configuration it was trained on. Train one for this configuration with ` +
        `\`npx edgellm-gym train --agent ${ckpt.agent} --env ${actual.id} --config '{"envKwargs": {…your overrides…}}' …\`.`,
    );
  }
}

/** Writes a checkpoint atomically (temporary file + rename). */
export function writeCheckpoint(path: string, ckpt: CheckpointFile): void {
  writeFileAtomic(path, JSON.stringify(ckpt) + '\n');
}

/**
 * Reads and structurally checks a checkpoint file.
 *
 * @throws {InvalidArgument} for a missing or unreadable file, a file that is not a checkpoint of this
 *   package, or an unsupported format version — each with the path and what to do.
 */
export function readCheckpoint(path: string): CheckpointFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InvalidArgument(`Cannot read checkpoint ${path}: ${(e as Error).message}. Check the path or train one with \`npx edgellm-gym train\`.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgument(`Checkpoint ${path} is not valid JSON (${(e as Error).message}); the file is damaged or not a checkpoint.`);
  }
  const c = raw as Partial<CheckpointFile>;
  if (c === null || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) {
    throw new InvalidArgument(`${path} is not an edgellm-gym agent checkpoint (field 'format' must be '${CHECKPOINT_FORMAT}').`);
  }
  if (c.formatVersion !== CHECKPOINT_VERSION) {
    throw new InvalidArgument(
      `Checkpoint ${path} has format version ${String(c.formatVersion)}; this package reads version ${CHECKPOINT_VERSION}. Retrain it with this version.`,
    );
  }
  for (const field of ['agent', 'env', 'training', 'network', 'weights', 'optimizer', 'normalization', 'progress', 'curve'] as const) {
    if (c[field] === undefined || c[field] === null) throw new InvalidArgument(`Checkpoint ${path} lacks the field '${field}'; the file is damaged.`);
  }
  if (c.agent !== 'ppo' && c.agent !== 't2drl') throw new InvalidArgument(`Checkpoint ${path}: unknown agent '${String(c.agent)}'.`);
  return c as CheckpointFile;
}

/** Generator state → JSON (NaN as null). */
export function rngStateToJSON(state: readonly number[]): (number | null)[] {
  return state.map((v) => (Number.isNaN(v) ? null : v));
}

/** JSON → generator state (null as NaN). */
export function rngStateFromJSON(state: readonly (number | null)[]): number[] {
  return state.map((v) => (v === null ? Number.NaN : v));
}

/**
 * `SyncVectorEnv`: sub-environments stepped one after another in this thread.
 * @module
 */
import type { Env } from '../core/env.ts';
import { ClosedEnvironment, InvalidArgument, ResetNeeded } from '../core/errors.ts';
import type { Space } from '../spaces/space.ts';
import { type AutoresetMode, checkAutoresetMode } from './autoreset-mode.ts';
import { batchSpace, createEmptyArray, itemAt, writeItem } from './batch.ts';
import { addInfo, type VectorInfo } from './vector-info.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult, expandSeeds, readResetMask } from './vector-env.ts';

/** Options of {@link SyncVectorEnv}. */
export interface SyncVectorEnvOptions {
  /** Autoreset mode, default `next-step`. */
  autoresetMode?: AutoresetMode;
}

/**
 * Runs `numEnvs` environments sequentially and batches their observations, rewards and infos.
 *
 * @example
 * ```ts
 * const envs = new SyncVectorEnv([() => new EdgeLLMEnv(), () => new EdgeLLMEnv()]);
 * let [obs] = envs.reset({ seed: 0 });            // seeds 0 and 1
 * const [next, rewards, term, trunc, infos] = envs.step(envs.actionSpace.sample());
 * ```
 */
export class SyncVectorEnv<Obs = unknown, Act = unknown> extends VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  /** The sub-environments. */
  readonly envs: Env<unknown, unknown>[];
  private readonly autoreset: boolean[];
  private readonly lastObs: unknown[];
  private isClosed = false;

  constructor(envFns: readonly (() => Env<any, any>)[], options: SyncVectorEnvOptions = {}) {
    super();
    if (envFns.length === 0) throw new InvalidArgument('SyncVectorEnv needs at least one environment function.');
    this.envs = envFns.map((fn) => fn());
    const first = this.envs[0]!;
    this.numEnvs = this.envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.envs.forEach((env, i) => {
      if (!env.observationSpace.equals(first.observationSpace) || !env.actionSpace.equals(first.actionSpace)) {
        throw new InvalidArgument(`Sub-environment ${i} has different spaces from sub-environment 0; all must be identical.`);
      }
    });
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs) as Space<Obs>;
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs) as Space<Act>;
    this.metadata = { ...first.metadata, autoresetMode: checkAutoresetMode(options.autoresetMode ?? 'next-step') };
    this.autoreset = new Array<boolean>(this.numEnvs).fill(false);
    this.lastObs = new Array<unknown>(this.numEnvs).fill(null);
  }

  /**
   * Resets every sub-environment (sub-environment `i` with `seed + i` when one seed is given), or, with
   * `options.reset_mask`, only the flagged ones (in any autoreset mode, as Gymnasium); the others keep their
   * current observation.
   */
  override reset(args: VectorResetArgs = {}): [Obs, VectorInfo] {
    this.assertOpen();
    const seeds = expandSeeds(args.seed, this.numEnvs);
    const [mask, options] = readResetMask(args.options, this.numEnvs);
    const infos: VectorInfo = {};
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask !== null && !mask[i]) continue;
      const resetArgs = seeds[i] === undefined ? { options } : { seed: seeds[i], options };
      const [obs, info] = this.envs[i]!.reset(resetArgs);
      this.lastObs[i] = obs;
      this.autoreset[i] = false;
      addInfo(infos, info, i, this.numEnvs);
    }
    return [this.batchObs(), infos];
  }

  /**
   * Steps every sub-environment with its slice of `actions`. What happens to a sub-environment whose
   * episode ended depends on the autoreset mode (see {@link AutoresetMode}).
   * @throws {ResetNeeded} in `disabled` mode when a sub-environment whose episode ended was not reset.
   */
  override step(actions: Act): VectorStepResult<Obs> {
    this.assertOpen();
    const n = this.numEnvs;
    const rewards = new Float64Array(n);
    const terminations = new Array<boolean>(n).fill(false);
    const truncations = new Array<boolean>(n).fill(false);
    const infos: VectorInfo = {};
    const mode = this.metadata.autoresetMode;
    if (mode === 'disabled') {
      const ended = this.autoreset.flatMap((e, i) => (e ? [i] : []));
      if (ended.length > 0) {
        throw new ResetNeeded(
          `Sub-environment(s) ${ended.join(', ')} ended their episode and autoresetMode is 'disabled'; ` +
            'reset them with reset({ options: { reset_mask } }) before stepping again.',
        );
      }
    }
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      if (mode === 'next-step' && this.autoreset[i]) {
        // the reset step: the action is ignored, reward 0, not terminated nor truncated
        const [obs, info] = env.reset();
        this.lastObs[i] = obs;
        addInfo(infos, info, i, n);
        this.autoreset[i] = false;
        continue;
      }
      const [obs, reward, terminated, truncated, info] = env.step(itemAt(this.singleActionSpace, actions, i));
      rewards[i] = reward;
      terminations[i] = terminated;
      truncations[i] = truncated;
      const ended = terminated || truncated;
      if (mode === 'same-step' && ended) {
        this.addFinalObs(infos, obs, i);
        addInfo(infos, { final_info: info }, i, n);
        const [resetObs, resetInfo] = env.reset();
        this.lastObs[i] = resetObs;
        addInfo(infos, resetInfo, i, n);
        continue;
      }
      this.lastObs[i] = obs;
      addInfo(infos, info, i, n);
      this.autoreset[i] = ended;
    }
    return [this.batchObs(), rewards, terminations, truncations, infos];
  }

  /**
   * Records the last observation of an ended episode under `infos.final_obs[i]` (a copy, so that an
   * environment reusing its observation buffer cannot overwrite it on reset), with mask `_final_obs`.
   * Observations are stored whole, never merged key by key like other infos.
   */
  private addFinalObs(infos: VectorInfo, obs: unknown, i: number): void {
    const space = this.singleObservationSpace;
    const one = createEmptyArray(space, 1);
    writeItem(space, obs, one, 0);
    let values = infos.final_obs as unknown[] | undefined;
    let mask = infos._final_obs as boolean[] | undefined;
    if (values === undefined || mask === undefined) {
      values = new Array<unknown>(this.numEnvs).fill(null);
      mask = new Array<boolean>(this.numEnvs).fill(false);
      infos.final_obs = values;
      infos._final_obs = mask;
    }
    values[i] = itemAt(space, one, 0);
    mask[i] = true;
  }

  /** Calls method `name` on every sub-environment and returns the results. */
  call(name: string, ...args: unknown[]): unknown[] {
    return this.envs.map((env) => {
      const member = (env as unknown as Record<string, unknown>)[name];
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(env, args) : member;
    });
  }

  /** Reads attribute `name` of every sub-environment. */
  getAttr(name: string): unknown[] {
    return this.envs.map((env) => (env as unknown as Record<string, unknown>)[name]);
  }

  /** Renders every sub-environment. */
  render(): unknown[] {
    return this.envs.map((env) => env.render());
  }

  override get renderMode(): string | null {
    return this.envs[0]!.renderMode;
  }

  /** `true` once {@link SyncVectorEnv.close} was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  override close(): void {
    if (this.isClosed) return;
    for (const env of this.envs) env.close();
    this.isClosed = true;
  }

  private batchObs(): Obs {
    const out = createEmptyArray(this.singleObservationSpace, this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      if (this.lastObs[i] !== null) writeItem(this.singleObservationSpace, this.lastObs[i], out, i);
    }
    return out as Obs;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ClosedEnvironment('This SyncVectorEnv is closed; make a new one.');
  }
}

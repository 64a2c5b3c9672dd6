/**
 * `AgentVectorEnv`: K copies of a {@link ParallelEnv} with N agents presented as one {@link VectorEnv} of
 * K·N sub-environments, one per (copy, agent), in the padded spaces of {@link AgentPadding}, so that one
 * single-agent learner trains one network for every agent (parameter sharing).
 * @module
 */
import type { Info } from '../core/env.ts';
import { ClosedEnvironment, InvalidArgument, InvalidAction } from '../core/errors.ts';
import type { Space } from '../spaces/space.ts';
import { batchSpace, itemAt } from '../vector/batch.ts';
import { addInfo, type VectorInfo } from '../vector/vector-info.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult } from '../vector/vector-env.ts';
import { AgentPadding } from './agent-padding.ts';
import type { ParallelEnv, PerAgent } from './parallel-env.ts';

/** Options of {@link AgentVectorEnv}. */
export interface AgentVectorEnvOptions {
  /** Autoreset mode; only `same-step` (the default, what the trainer needs) is supported. */
  autoresetMode?: 'same-step';
}

/**
 * K copies of a parallel environment as a vector environment of K·N sub-environments. Sub-environment
 * `k·N + n` is agent n (in `possibleAgents` order) of copy k:
 *
 * - its observation is the agent's observation padded by {@link AgentPadding} (zeros up to the largest
 *   agent's length, then a one-hot of n); its action is in the padded action space and is cut back to the
 *   agent's own space (the padding ignored) before the copy steps;
 * - `step(actions)` steps every copy once with its N agents' actions; the reward of a sub-environment is its
 *   agent's reward, its termination and truncation are its agent's, and its info is its agent's info;
 * - autoreset is same-step: when a copy's episode ends (no agent left), `infos.final_obs` and
 *   `infos.final_info` hold each of its agents' last padded observation and info, and the copy is reset at
 *   once, so the returned observations and infos are those of the new episode. Every agent of a copy must
 *   end at the same step (as in the multi-edge system); an agent that leaves while others stay is an error.
 *
 * Seeds: with one seed `s`, copy k is reset with `s + k`; with an array of K·N seeds, copy k is reset with
 * the seed of its first sub-environment (`seeds[k·N]`); the other entries are not used.
 *
 * @example
 * ```ts
 * // not run: EdgeLLMMulti-v0 is registered by the multi-edge family of edgellm-gym/envs
 * const envs = new AgentVectorEnv(Array.from({ length: 5 }, () => () => makeParallel('EdgeLLMMulti-v0')));
 * envs.numEnvs; // 20: 5 copies × 4 edge servers
 * const [obs] = envs.reset({ seed: 1 });
 * envs.step(envs.actionSpace.sample());
 * ```
 */
export class AgentVectorEnv extends VectorEnv<unknown, unknown> {
  readonly numEnvs: number;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  /** The copies of the parallel environment. */
  readonly copies: readonly ParallelEnv<any, any>[];
  /** The padding of the agents' spaces. */
  readonly padding: AgentPadding;
  /** Agents per copy, N. */
  readonly numAgents: number;
  private readonly obs: Float32Array;
  private isClosed = false;

  /**
   * @param envFns one function per copy, each making the same parallel environment.
   * @throws {InvalidArgument} when there is no copy, the copies' agents or spaces differ, an agent's spaces
   *   cannot be padded with the others', or another autoreset mode is asked for.
   */
  constructor(envFns: readonly (() => ParallelEnv<any, any>)[], options: AgentVectorEnvOptions = {}) {
    super();
    if (envFns.length === 0) throw new InvalidArgument('AgentVectorEnv needs at least one parallel environment function.');
    const mode = options.autoresetMode ?? 'same-step';
    if (mode !== 'same-step') {
      throw new InvalidArgument(`AgentVectorEnv supports autoresetMode 'same-step' only; got ${JSON.stringify(mode)}.`);
    }
    this.copies = envFns.map((fn) => fn());
    const first = this.copies[0]!;
    this.padding = AgentPadding.of(first);
    const agents = first.possibleAgents;
    this.copies.forEach((env, k) => {
      if (env.possibleAgents.length !== agents.length || env.possibleAgents.some((a, n) => a !== agents[n])) {
        throw new InvalidArgument(`Copy ${k} has the agents ${env.possibleAgents.join(', ')}, copy 0 has ${agents.join(', ')}; every copy must be the same environment.`);
      }
      for (const a of agents) {
        if (!env.observationSpace(a).equals(first.observationSpace(a)) || !env.actionSpace(a).equals(first.actionSpace(a))) {
          throw new InvalidArgument(`Copy ${k} gives agent ${a} other spaces than copy 0; every copy must be the same environment.`);
        }
      }
    });
    this.numAgents = agents.length;
    this.numEnvs = this.copies.length * this.numAgents;
    this.singleObservationSpace = this.padding.observationSpace;
    this.singleActionSpace = this.padding.actionSpace;
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs);
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs);
    const modes = first.metadata.renderModes;
    this.metadata = { renderModes: Array.isArray(modes) ? (modes as string[]) : [], autoresetMode: 'same-step' };
    this.obs = new Float32Array(this.numEnvs * this.padding.observationSpace.size);
  }

  /** Resets every copy (see the class description for the seeds); `options` go to every copy. */
  override reset(args: VectorResetArgs = {}): [Float32Array, VectorInfo] {
    this.assertOpen();
    const K = this.copies.length;
    const N = this.numAgents;
    const { seed, options } = args;
    if (options !== undefined && (options.reset_mask !== undefined || options.resetMask !== undefined)) {
      throw new InvalidArgument('AgentVectorEnv cannot reset single sub-environments (reset_mask): an agent is reset with its whole copy.');
    }
    if (Array.isArray(seed) && seed.length !== K * N) {
      throw new RangeError(`reset seed array must have numEnvs=${K * N} entries (copy k uses entry k·${N}); got ${seed.length}.`);
    }
    const infos: VectorInfo = {};
    for (let k = 0; k < K; k++) {
      const s = seed === undefined ? undefined : typeof seed === 'number' ? seed + k : (seed as readonly (number | undefined)[])[k * N];
      const [obs, agentInfos] = this.copies[k]!.reset({ ...(s === undefined ? {} : { seed: s }), ...(options === undefined ? {} : { options }) });
      this.store(k, obs, agentInfos, infos);
    }
    return [this.obs.slice(), infos];
  }

  /**
   * Steps every copy once: the actions of sub-environments `k·N … k·N + N − 1`, cut to their agents' spaces,
   * are copy k's step.
   * @throws {InvalidAction} from a copy for an action outside its agent's space (naming the copy); an
   *   error naming the agents when a copy's agents end at different steps.
   */
  override step(actions: unknown): VectorStepResult<Float32Array> {
    this.assertOpen();
    const K = this.copies.length;
    const N = this.numAgents;
    const agents = this.padding.agents;
    const rewards = new Float64Array(this.numEnvs);
    const terminations = new Array<boolean>(this.numEnvs).fill(false);
    const truncations = new Array<boolean>(this.numEnvs).fill(false);
    const infos: VectorInfo = {};
    for (let k = 0; k < K; k++) {
      const env = this.copies[k]!;
      const perAgent: PerAgent<unknown> = {};
      for (let n = 0; n < N; n++) perAgent[agents[n]!] = this.padding.cutAction(n, itemAt(this.singleActionSpace, actions, k * N + n));
      let result;
      try {
        result = env.step(perAgent);
      } catch (e) {
        if (e instanceof InvalidAction) throw new InvalidAction(`Copy ${k} (sub-environments ${k * N}–${k * N + N - 1}): ${e.message}`);
        throw e;
      }
      const [obs, rew, terms, truncs, agentInfos] = result;
      for (let n = 0; n < N; n++) {
        const a = agents[n]!;
        rewards[k * N + n] = rew[a] ?? 0;
        terminations[k * N + n] = terms[a] === true;
        truncations[k * N + n] = truncs[a] === true;
      }
      if (env.agents.length === 0) {
        this.store(k, obs, agentInfos, infos, true);
        const [resetObs, resetInfos] = env.reset();
        this.store(k, resetObs, resetInfos, infos);
      } else {
        const ended = agents.filter((a) => terms[a] === true || truncs[a] === true);
        if (ended.length > 0) {
          throw new InvalidArgument(
            `Copy ${k}: agent(s) ${ended.join(', ')} ended while ${env.agents.join(', ')} go on; AgentVectorEnv needs every agent of a copy to end at the same step.`,
          );
        }
        this.store(k, obs, agentInfos, infos);
      }
    }
    return [this.obs.slice(), rewards, terminations, truncations, infos];
  }

  /** Writes copy k's padded observations into the batch (or, `final`, into `final_obs`/`final_info`) and merges its infos. */
  private store(k: number, obs: PerAgent<unknown>, agentInfos: PerAgent<Info>, infos: VectorInfo, final = false): void {
    const N = this.numAgents;
    const D = this.padding.observationSpace.size;
    for (let n = 0; n < N; n++) {
      const a = this.padding.agents[n]!;
      const e = k * N + n;
      if (obs[a] === undefined) throw new InvalidArgument(`Copy ${k} returned no observation for agent ${a}; AgentVectorEnv needs one for every agent.`);
      if (final) {
        let values = infos.final_obs as unknown[] | undefined;
        let mask = infos._final_obs as boolean[] | undefined;
        if (values === undefined || mask === undefined) {
          values = new Array<unknown>(this.numEnvs).fill(null);
          mask = new Array<boolean>(this.numEnvs).fill(false);
          infos.final_obs = values;
          infos._final_obs = mask;
        }
        values[e] = this.padding.padObservation(n, obs[a]);
        mask[e] = true;
        addInfo(infos, { final_info: agentInfos[a] ?? {} }, e, this.numEnvs);
      } else {
        this.padding.padObservation(n, obs[a], this.obs.subarray(e * D, (e + 1) * D));
        addInfo(infos, agentInfos[a] ?? {}, e, this.numEnvs);
      }
    }
  }

  /** `true` once {@link AgentVectorEnv.close} was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes every copy; calling it again does nothing. */
  override close(): void {
    if (this.isClosed) return;
    for (const env of this.copies) env.close();
    this.isClosed = true;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ClosedEnvironment('This AgentVectorEnv is closed; make a new one.');
  }
}

/**
 * `SingleAgentView`: a `ParallelEnv` presented as one single-agent `Env`, so that single-agent agents,
 * vector environments, wrappers and the evaluation harness run on a whole multi-agent system.
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../core/env.ts';
import { InvalidAction, InvalidArgument } from '../core/errors.ts';
import { Box } from '../spaces/box.ts';
import { Dict } from '../spaces/dict.ts';
import { Discrete } from '../spaces/discrete.ts';
import { MultiBinary } from '../spaces/multi-binary.ts';
import { MultiDiscrete } from '../spaces/multi-discrete.ts';
import type { Space } from '../spaces/space.ts';
import { flatdim, flatten, flattenSpace } from '../spaces/flatten.ts';
import type { ParallelEnv, PerAgent } from './parallel-env.ts';

/** How the view turns the agents' rewards into one. */
export type ViewReward = 'sum' | 'system' | ((rewards: PerAgent<number>, infos: PerAgent<Info>) => number);

/** Options of {@link SingleAgentView}. */
export interface SingleAgentViewOptions {
  /**
   * `concat` (default): the agents' flattened observations one after another, in `possibleAgents` order, as
   * one float32 Box; `dict`: the agents' own observations keyed by agent. An agent that has left keeps its
   * last observation.
   */
  observation?: 'concat' | 'dict';
  /**
   * `auto` (default): `concat` when every agent's action space is a Box (one Box), every one is Discrete or
   * MultiDiscrete (one MultiDiscrete) or every one is MultiBinary (one MultiBinary), else `dict`; `concat`
   * insists on concatenation (an error names the agent whose space prevents it); `dict`: a Dict keyed by agent.
   */
  action?: 'auto' | 'concat' | 'dict';
  /**
   * `sum` (default): the sum of the rewards of the agents that acted; `system`: the environment's own
   * system reward, read from `info.systemReward` of the agents; or a function of the rewards and infos.
   */
  reward?: ViewReward;
}

/** The `info` of a {@link SingleAgentView} step or reset. */
export interface SingleAgentViewInfo extends Info {
  /** The per-agent infos the parallel environment returned. */
  agents: PerAgent<Info>;
  /** The per-agent rewards (steps only). */
  rewards?: PerAgent<number>;
}

/** One agent's part of a concatenated action: where it starts and how to read it back. */
interface ActionPart {
  agent: string;
  offset: number;
  size: number;
  kind: 'box' | 'discrete' | 'multi-discrete' | 'multi-binary';
}

function concatAction(agents: readonly string[], spaces: Space<unknown>[]): { space: Space<unknown>; parts: ActionPart[] } | string {
  const parts: ActionPart[] = [];
  let offset = 0;
  if (spaces.every((s) => s instanceof Box)) {
    const boxes = spaces as Box[];
    for (let i = 0; i < boxes.length; i++) {
      if (boxes[i]!.shape.length !== 1) return `agent ${agents[i]}'s action space ${boxes[i]!.toString()} is not one-dimensional`;
      parts.push({ agent: agents[i]!, offset, size: boxes[i]!.size, kind: 'box' });
      offset += boxes[i]!.size;
    }
    const low = boxes.flatMap((b) => Array.from(b.low));
    const high = boxes.flatMap((b) => Array.from(b.high));
    return { space: new Box(low, high, [offset], 'float32'), parts };
  }
  if (spaces.every((s) => s instanceof Discrete || s instanceof MultiDiscrete)) {
    const nvec: number[] = [];
    const start: number[] = [];
    spaces.forEach((s, i) => {
      if (s instanceof Discrete) {
        nvec.push(s.n);
        start.push(s.start);
        parts.push({ agent: agents[i]!, offset: nvec.length - 1, size: 1, kind: 'discrete' });
      } else {
        const m = s as MultiDiscrete;
        parts.push({ agent: agents[i]!, offset: nvec.length, size: m.nvec.length, kind: 'multi-discrete' });
        nvec.push(...m.nvec);
        start.push(...m.start);
      }
    });
    return { space: new MultiDiscrete(nvec, start), parts };
  }
  if (spaces.every((s) => s instanceof MultiBinary && s.shape.length === 1)) {
    for (let i = 0; i < spaces.length; i++) {
      const size = (spaces[i] as MultiBinary).size;
      parts.push({ agent: agents[i]!, offset, size, kind: 'multi-binary' });
      offset += size;
    }
    return { space: new MultiBinary(offset), parts };
  }
  const odd = spaces.findIndex((s) => !(s instanceof Box));
  return `agent ${agents[odd]}'s action space ${spaces[odd]!.toString()} cannot be concatenated with the others (all Box, all Discrete/MultiDiscrete or all MultiBinary can)`;
}

/**
 * Presents a {@link ParallelEnv} as a single-agent {@link Env}: one action for the whole system (the
 * agents' actions concatenated, or a Dict keyed by agent), one observation (concatenated or a Dict), one
 * reward (the sum of the agents' rewards, or the environment's system reward). The episode ends when no
 * agent is live: `terminated` when every agent ended by termination, else `truncated`. An agent that left
 * early keeps its last observation and its part of the action is ignored.
 * `info.agents` holds the per-agent infos and `info.rewards` the per-agent rewards.
 *
 * @example
 * ```ts
 * const env = new SingleAgentView(makeParallel('EdgeLLMMulti-v0'), { reward: 'system' });
 * const [obs] = env.reset({ seed: 1 });
 * const [, reward] = env.step(env.actionSpace.sample());
 * ```
 */
export class SingleAgentView extends Env<Float32Array | Record<string, unknown>, unknown> {
  readonly observationSpace: Space<Float32Array | Record<string, unknown>>;
  readonly actionSpace: Space<unknown>;
  /** The multi-agent environment seen through this view. */
  readonly parallel: ParallelEnv<any, any>;
  private readonly obsMode: 'concat' | 'dict';
  private readonly parts: ActionPart[] | null;
  private readonly obsOffsets: number[];
  private readonly obsDim: number;
  private readonly reward: ViewReward;
  private readonly endedByTermination = new Map<string, boolean>();
  private lastObs: PerAgent<unknown> = {};

  constructor(parallel: ParallelEnv<any, any>, options: SingleAgentViewOptions = {}) {
    super();
    this.parallel = parallel;
    const agents = parallel.possibleAgents;
    this.obsMode = options.observation ?? 'concat';
    if (this.obsMode !== 'concat' && this.obsMode !== 'dict') {
      throw new InvalidArgument(`SingleAgentView observation must be 'concat' or 'dict'; got ${JSON.stringify(options.observation)}.`);
    }
    const reward = options.reward ?? 'sum';
    if (reward !== 'sum' && reward !== 'system' && typeof reward !== 'function') {
      throw new InvalidArgument(`SingleAgentView reward must be 'sum', 'system' or a function; got ${JSON.stringify(reward)}.`);
    }
    this.reward = reward;
    const obsSpaces = agents.map((a) => parallel.observationSpace(a) as Space<unknown>);
    this.obsOffsets = [];
    let dim = 0;
    for (const s of obsSpaces) {
      this.obsOffsets.push(dim);
      dim += this.obsMode === 'concat' ? flatdim(s) : 0;
    }
    this.obsDim = dim;
    if (this.obsMode === 'concat') {
      const boxes = obsSpaces.map((s) => flattenSpace(s));
      this.observationSpace = new Box(
        boxes.flatMap((b) => Array.from(b.low)),
        boxes.flatMap((b) => Array.from(b.high)),
        [dim],
        'float32',
      ) as unknown as Space<Float32Array | Record<string, unknown>>;
    } else {
      this.observationSpace = new Dict(Object.fromEntries(agents.map((a, i) => [a, obsSpaces[i]!]))) as unknown as Space<
        Float32Array | Record<string, unknown>
      >;
    }
    const actSpaces = agents.map((a) => parallel.actionSpace(a) as Space<unknown>);
    const mode = options.action ?? 'auto';
    if (mode !== 'auto' && mode !== 'concat' && mode !== 'dict') {
      throw new InvalidArgument(`SingleAgentView action must be 'auto', 'concat' or 'dict'; got ${JSON.stringify(mode)}.`);
    }
    const concat = mode === 'dict' ? null : concatAction(agents, actSpaces);
    if (mode === 'concat' && typeof concat === 'string') {
      throw new InvalidArgument(`SingleAgentView cannot concatenate the actions: ${concat}; use action: 'dict'.`);
    }
    if (concat !== null && typeof concat !== 'string') {
      this.actionSpace = concat.space;
      this.parts = concat.parts;
    } else {
      this.actionSpace = new Dict(Object.fromEntries(agents.map((a, i) => [a, actSpaces[i]!])));
      this.parts = null;
    }
    const modes = parallel.metadata.renderModes;
    const fps = parallel.metadata.renderFps;
    // a system that renders without saying how fast renders as its text tables do: 4 frames per second
    const renderModes = Array.isArray(modes) ? (modes as string[]) : [];
    this.metadata = { renderModes, ...(renderModes.length > 0 ? { renderFps: typeof fps === 'number' ? fps : 4 } : {}) };
  }

  private observe(obs: PerAgent<unknown>): Float32Array | Record<string, unknown> {
    if (this.obsMode === 'dict') {
      const out: Record<string, unknown> = {};
      for (const a of this.parallel.possibleAgents) out[a] = obs[a];
      return out;
    }
    const out = new Float32Array(this.obsDim);
    this.parallel.possibleAgents.forEach((a, i) => {
      if (obs[a] !== undefined) out.set(flatten(this.parallel.observationSpace(a), obs[a]), this.obsOffsets[i]);
    });
    return out;
  }

  /**
   * The parallel environment's configuration (its `config` field, when it has one), so that
   * `env.unwrapped.config` identifies the system as it does a single-agent environment.
   */
  get config(): unknown {
    return (this.parallel as { config?: unknown }).config;
  }

  /** Resets the parallel environment (with the same seed and options). */
  override reset(args: ResetArgs = {}): [Float32Array | Record<string, unknown>, SingleAgentViewInfo] {
    super.reset(args);
    const [obs, infos] = this.parallel.reset(args);
    this.endedByTermination.clear();
    this.lastObs = { ...obs };
    return [this.observe(this.lastObs), { agents: infos }];
  }

  /** Splits `action` per live agent and steps the parallel environment. */
  step(action: unknown): StepResult<Float32Array | Record<string, unknown>> {
    const why = this.actionSpace.explain(action, 'action');
    if (why !== null) {
      throw new InvalidAction(`${why}; the system action is ${this.parts === null ? 'a Dict keyed by agent' : `the agents' actions concatenated (${this.parts.map((p) => `${p.agent}: ${p.size}`).join(', ')})`}.`);
    }
    const live = [...this.parallel.agents];
    const actions: PerAgent<unknown> = {};
    if (this.parts === null) {
      const d = action as Record<string, unknown>;
      for (const a of live) actions[a] = d[a];
    } else {
      const x = this.actionSpace.fromLists(action) as ArrayLike<number>;
      for (const p of this.parts) {
        if (!live.includes(p.agent)) continue;
        if (p.kind === 'discrete') actions[p.agent] = x[p.offset];
        else {
          const slice = p.kind === 'box' ? new Float32Array(p.size) : p.kind === 'multi-binary' ? new Int8Array(p.size) : new Int32Array(p.size);
          for (let i = 0; i < p.size; i++) slice[i] = x[p.offset + i]!;
          actions[p.agent] = slice;
        }
      }
    }
    const [obs, rewards, terms, truncs, infos] = this.parallel.step(actions);
    for (const a of live) {
      if (terms[a] === true || truncs[a] === true) this.endedByTermination.set(a, terms[a] === true);
    }
    for (const a of live) if (obs[a] !== undefined) this.lastObs[a] = obs[a];
    const done = this.parallel.agents.length === 0;
    const terminated = done && [...this.endedByTermination.values()].every((t) => t);
    return [this.observe(this.lastObs), this.combine(rewards, infos), terminated, done && !terminated, { agents: infos, rewards }];
  }

  private combine(rewards: PerAgent<number>, infos: PerAgent<Info>): number {
    if (typeof this.reward === 'function') return this.reward(rewards, infos);
    if (this.reward === 'system') {
      for (const info of Object.values(infos)) {
        if (typeof info.systemReward === 'number') return info.systemReward;
      }
      throw new InvalidArgument("SingleAgentView reward 'system' needs info.systemReward from the environment; it has none. Use reward: 'sum'.");
    }
    let s = 0;
    for (const r of Object.values(rewards)) s += r;
    return s;
  }

  /** The parallel environment's rendering. */
  override render(): unknown {
    return this.parallel.render();
  }

  /** Closes the parallel environment. */
  override close(): void {
    this.parallel.close();
    super.close();
  }
}

/**
 * `ParallelHandle`: what a `parallel.make` returns a number for. It owns one parallel (multi-agent)
 * environment and turns `parallel.reset` / `parallel.step` requests into env calls and the per-agent
 * results into reply fields. The actions of a step are checked as a whole first (every key a live agent,
 * every live agent present, every action in its agent's space), so a bad one is rejected, naming the agent,
 * before the env sees any, and the env's state is unchanged.
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import type { ParallelEnv, PerAgent } from '../../src/parallel/parallel-env.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import { coerceArrays, explainNonMember, isMember, withShapes } from '../protocol/space-values.ts';
import { type Handle, attachWarnings, withWarnings } from './handles.ts';

/** Options of {@link ParallelHandle}. */
export interface ParallelHandleOptions {
  /** Cost units reserved for the handle. */
  cost: number;
  /** `false`: replies carry an empty info per agent. */
  infos: boolean;
}

/** An agent name as error messages show it (quoted, cut when long). */
function agentName(agent: string): string {
  return JSON.stringify(agent.length > 60 ? `${agent.slice(0, 60)}…` : agent);
}

/** A handle on one parallel environment. */
export class ParallelHandle implements Handle {
  readonly kind = 'parallel' as const;
  readonly envCount = 1;
  readonly cost: number;
  /** The environment. */
  readonly env: ParallelEnv;
  private readonly infos: boolean;
  private readonly possible: ReadonlySet<string>;
  /** `true` once reset; `false` again when an episode has ended (no live agent left). */
  private running = false;
  private closed = false;

  constructor(env: ParallelEnv, options: ParallelHandleOptions) {
    this.env = env;
    this.cost = options.cost;
    this.infos = options.infos;
    this.possible = new Set(env.possibleAgents);
  }

  /** Fields of the `parallel.make` reply: the agents and each agent's spaces. */
  describe(): Record<string, unknown> {
    const observationSpaces: Record<string, unknown> = {};
    const actionSpaces: Record<string, unknown> = {};
    for (const a of this.env.possibleAgents) {
      observationSpaces[a] = this.env.observationSpace(a).toJSON();
      actionSpaces[a] = this.env.actionSpace(a).toJSON();
    }
    return {
      possibleAgents: [...this.env.possibleAgents],
      observationSpaces,
      actionSpaces,
      metadata: this.env.metadata,
      spec: this.env.spec?.toJSON() ?? null,
    };
  }

  private observations(obs: PerAgent<unknown>): PerAgent<unknown> {
    const out: PerAgent<unknown> = {};
    for (const [a, o] of Object.entries(obs)) out[a] = this.possible.has(a) ? withShapes(this.env.observationSpace(a), o) : o;
    return out;
  }

  private agentInfos(infos: PerAgent<Info>): PerAgent<Info> {
    if (this.infos) return infos;
    return Object.fromEntries(Object.keys(infos).map((a) => [a, {}]));
  }

  /** `parallel.reset`. */
  reset(seed: number | undefined, options: Record<string, unknown> | undefined): Record<string, unknown> {
    const args = { ...(seed === undefined ? {} : { seed }), ...(options === undefined ? {} : { options }) };
    const [[obs, infos], warnings] = withWarnings(() => this.env.reset(args));
    this.running = this.env.agents.length > 0;
    return attachWarnings({ observations: this.observations(obs), infos: this.agentInfos(infos), agents: [...this.env.agents] }, warnings);
  }

  /**
   * Checks `actions` against the live agents and their action spaces, and returns them in the live agents'
   * order (plain number lists turned into typed arrays of the space's element type).
   * @throws {BridgeError} `reset_needed` without a running episode; `invalid_action` naming the agent otherwise.
   */
  checkActions(actions: unknown): PerAgent<unknown> {
    if (!this.running) {
      throw new BridgeError('reset_needed', 'No episode is running on this handle (never reset, or every agent has terminated or truncated); call parallel.reset first.', {
        field: 'request.handle',
      });
    }
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions) || ArrayBuffer.isView(actions)) {
      throw new BridgeError('invalid_action', 'request.actions must be a map from agent name to that agent\'s action.', { field: 'request.actions' });
    }
    const given = actions as Record<string, unknown>;
    const live = this.env.agents;
    const liveSet = new Set(live);
    for (const a of Object.keys(given)) {
      if (liveSet.has(a)) continue;
      const why = this.possible.has(a)
        ? `agent ${agentName(a)} is not live (it terminated or was truncated earlier this episode); leave it out`
        : `${agentName(a)} is not an agent of this env (possible agents: ${this.env.possibleAgents.join(', ')})`;
      throw new BridgeError('invalid_action', `Invalid actions: ${why}. Live agents: ${live.join(', ')}.`, {
        field: `request.actions.${a.slice(0, 60)}`,
        hint: 'Send one action for each agent in agents (the list in the last reset or step reply), and no other; the env state is unchanged.',
      });
    }
    const out: PerAgent<unknown> = {};
    for (const a of live) {
      if (!Object.hasOwn(given, a)) {
        throw new BridgeError('invalid_action', `Invalid actions: no action for live agent ${agentName(a)} (every live agent acts each step; live: ${live.join(', ')}).`, {
          field: `request.actions.${a}`,
          hint: 'Send one action for each agent in agents (the list in the last reset or step reply); the env state is unchanged.',
        });
      }
      const space = this.env.actionSpace(a);
      const action = given[a];
      if (!isMember(space, action)) {
        throw new BridgeError('invalid_action', `Invalid action of agent ${agentName(a)}: ${explainNonMember(space, action, `actions.${a}`)}.`, { field: `request.actions.${a}` });
      }
      out[a] = coerceArrays(space, action);
    }
    return out;
  }

  /** `parallel.step`: the actions are checked first; a bad one leaves the env untouched. */
  step(actions: unknown): Record<string, unknown> {
    const checked = this.checkActions(actions);
    const [[obs, rewards, terminations, truncations, infos], warnings] = withWarnings(() => this.env.step(checked));
    this.running = this.env.agents.length > 0;
    return attachWarnings(
      { observations: this.observations(obs), rewards, terminations, truncations, infos: this.agentInfos(infos), agents: [...this.env.agents] },
      warnings,
    );
  }

  /** `render`: the env's render output (`null` when rendering is off). */
  render(): Record<string, unknown> {
    const [frame, warnings] = withWarnings(() => this.env.render());
    return attachWarnings({ frame: frame ?? null }, warnings);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.env.close();
  }
}

/**
 * Client side of the `evaluate` sub-protocol: drives a leaderboard evaluation on the server with a local
 * agent. The server chooses the seeds, records every step and merges the summary into its leaderboard
 * under the agent's name (source `remote`); this side only turns observations into actions.
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import { spaceFromJSON } from '../../src/spaces/from-json.ts';
import type { Space } from '../../src/spaces/space.ts';
import type { EvaluationResult } from '../../agents/evaluation/evaluate.ts';
import type { EpisodeRecord } from '../../agents/evaluation/episode-recorder.ts';
import type { Channel, ConnectOptions } from './channel.ts';
import { Connection } from './connection.ts';

/**
 * What `evaluateRemote` needs of an agent: the shape of the package's `Agent` interface (any agent of the
 * package fits), declared here so that the bridge does not depend on the agents' code.
 */
export interface RemotePolicy {
  readonly name: string;
  reset(obs: any, info: Info): void;
  act(obs: any, info: Info): unknown;
  observe?(transition: { obs: any; action: any; reward: number; terminated: boolean; truncated: boolean; info: Info; nextObs: any }): void;
}

/** What an agent factory receives (the fields of the package's `AgentContext` that the bridge knows). */
export interface RemotePolicyContext {
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  envId?: string;
  seed?: number;
}

/** Options of {@link evaluateRemote}. */
export interface RemoteEvaluationOptions extends ConnectOptions {
  /** Called after each episode with the server's record of it. */
  onEpisode?: (record: EpisodeRecord, index: number) => void;
  /** Overrides the name the result is recorded under (default: the agent's `name`). */
  agentName?: string;
}

/** What a finished remote evaluation returns. */
export interface RemoteEvaluation {
  /** The summary the server merged into its leaderboard. */
  result: EvaluationResult;
  /** `false` when the server could not write the leaderboard (see `recordError`). */
  recorded: boolean;
  recordError?: string;
  /** Hash of the evaluated config, as stored in the leaderboard meta. */
  configHash: string;
}

/**
 * Runs a leaderboard evaluation of `agent` (or of the agent that `agent(ctx)` builds from the env's
 * spaces) on the registered env `envId` of the server at `target` (a URL or an open channel).
 *
 * @example
 * ```ts
 * // not run: needs a server listening there (`npx edgellm-gym serve`)
 * const { result } = await evaluateRemote('ws://127.0.0.1:8765', 'EdgeLLM-v0', (ctx) => makeBaseline('lfu', ctx));
 * console.log(result.meanCost);
 * ```
 * @throws {BridgeError} when the server refuses a request (the evaluation is then abandoned).
 */
export async function evaluateRemote(
  target: string | Channel,
  envId: string,
  agent: RemotePolicy | ((ctx: RemotePolicyContext) => RemotePolicy),
  options: RemoteEvaluationOptions = {},
): Promise<RemoteEvaluation> {
  const own = typeof target === 'string';
  const channel = typeof target === 'string' ? await Connection.open(target, options) : target;
  try {
    const name = options.agentName ?? (typeof agent === 'function' ? undefined : agent.name);
    let start: Record<string, unknown>;
    let policy: RemotePolicy;
    if (typeof agent === 'function') {
      // The name is needed before the spaces are known: build once from the make reply's spaces.
      const probe = await channel.request('make', { env: envId, infos: false });
      await channel.request('close', { handle: probe.handle });
      policy = agent({
        observationSpace: spaceFromJSON(probe.observationSpace),
        actionSpace: spaceFromJSON(probe.actionSpace),
        envId,
      });
      start = await channel.request('evaluate.start', { env: envId, agent: name ?? policy.name });
    } else {
      policy = agent;
      start = await channel.request('evaluate.start', { env: envId, agent: name ?? policy.name });
    }
    const handle = start.handle as number;
    let obs: unknown = start.obs;
    let info = start.info as Info;
    policy.reset(obs, info);
    for (;;) {
      const action = policy.act(obs, info);
      const r = await channel.request('evaluate.step', { handle, action });
      const stepInfo = (r.info as Info) ?? {};
      policy.observe?.({
        obs,
        action,
        reward: r.reward as number,
        terminated: r.terminated as boolean,
        truncated: r.truncated as boolean,
        info: stepInfo,
        nextObs: r.obs,
      });
      if (r.episodeRecord !== undefined) options.onEpisode?.(r.episodeRecord as EpisodeRecord, r.episode as number);
      if (r.done === true) {
        const out: RemoteEvaluation = { result: r.result as EvaluationResult, recorded: r.recorded as boolean, configHash: r.configHash as string };
        if (typeof r.recordError === 'string') out.recordError = r.recordError;
        return out;
      }
      const next = r.next as { obs: unknown; info: Info } | undefined;
      if (next !== undefined) {
        obs = next.obs;
        info = next.info ?? {};
        policy.reset(obs, info);
      } else {
        obs = r.obs;
        info = stepInfo;
      }
    }
  } finally {
    if (own) await channel.close();
  }
}

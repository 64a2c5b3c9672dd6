/**
 * State shared by all sessions of one server: resolved options, logger, counters, and caches of the
 * registry listing and of the compiled env config validators.
 * @module
 */
import type { ValidateFunction } from 'ajv';
import { describeErrors, sharedAjv } from '../../src/config/validator.ts';
import { InvalidConfig, UnregisteredEnv } from '../../src/core/errors.ts';
import { listSpecs, spec as findSpec } from '../../src/registry/registry.ts';
import type { EnvSpec } from '../../src/registry/env-spec.ts';
import { listParallelSpecs, parallelSpec as findParallelSpec } from '../../src/parallel/parallel-registry.ts';
import { ParallelEnvSpec } from '../../src/parallel/parallel-env-spec.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import type { EnvListing, ParallelEnvListing } from '../protocol/messages.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { Logger } from './logger.ts';
import { SharedCounters } from './counters.ts';

/** Live counters of a server. */
export interface ServerStats {
  /** Open sessions. */
  sessions: number;
  /** Environments held (sub-envs counted). */
  envs: number;
  /** Open handles. */
  handles: number;
  /** Requests answered since start. */
  requests: number;
  /** Error replies since start. */
  errors: number;
  /** Leaderboard evaluations completed since start. */
  evaluations: number;
  /** Sessions opened since start. */
  sessionsOpened: number;
  /** Cost units held (see `maxTotalCost`). */
  cost: number;
}

/** What every session of a server shares. */
export class ServerContext {
  readonly options: ResolvedServerOptions;
  readonly log: Logger;
  /** The counters, shared with the server's worker threads. */
  readonly counters: SharedCounters;
  readonly startedAt: number;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(options: ResolvedServerOptions, counters: SharedCounters = new SharedCounters(), startedAt = Date.now()) {
    this.options = options;
    this.log = options.logger;
    this.counters = counters;
    this.startedAt = startedAt;
  }

  /** A snapshot of the counters. */
  get stats(): ServerStats {
    const c = this.counters;
    return {
      sessions: c.get('sessions'),
      envs: c.get('envs'),
      handles: c.get('handles'),
      requests: c.get('requests'),
      errors: c.get('errors'),
      evaluations: c.get('evaluations'),
      sessionsOpened: c.get('sessionsOpened'),
      cost: c.get('cost') / 1000,
    };
  }

  /** The registered environments, as `hello` lists them (read at each call: envs may register later). */
  envListing(): EnvListing[] {
    return listSpecs().map((s) => ({
      id: s.id,
      description: s.description,
      kwargs: { ...s.kwargs },
      configSchema: s.configSchema,
      maxEpisodeSteps: s.maxEpisodeSteps,
    }));
  }

  /** The registered parallel environments, as `hello` lists them (read at each call). */
  parallelEnvListing(): ParallelEnvListing[] {
    return listParallelSpecs().map((s) => ({ id: s.id, description: s.description, kwargs: { ...s.kwargs }, configSchema: s.configSchema }));
  }

  /**
   * The parallel spec of `id`.
   * @throws {BridgeError} `unknown_env` with the registry's suggestion (or the note that `id` is a
   *   single-agent env, made with `make`).
   */
  parallelSpec(id: string): ParallelEnvSpec {
    try {
      return findParallelSpec(id);
    } catch (e) {
      if (e instanceof UnregisteredEnv) {
        throw new BridgeError('unknown_env', e.message.replace(/make\('([^']*)'\), not makeParallel/, 'the op make, not parallel.make'), {
          field: 'request.env',
          hint: "Use an id from the hello reply's parallelEnvs list.",
        });
      }
      throw e;
    }
  }

  /** The spec of `id` (throws `UnregisteredEnv` with a suggestion). */
  spec(id: string): EnvSpec {
    return findSpec(id);
  }

  /**
   * Checks `config` merged over the spec's kwargs against the spec's configSchema (compiled once per id).
   * @throws {InvalidConfig} naming each bad field.
   */
  checkConfig(s: EnvSpec | ParallelEnvSpec, config: Record<string, unknown>): void {
    // Single-agent and parallel ids live in separate registries: their validators are kept apart.
    const key = `${s instanceof ParallelEnvSpec ? 'parallel' : 'env'}:${s.id}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = null;
      const schema = s.configSchema as { $id?: string } | null;
      if (schema !== null) {
        validate = (schema.$id !== undefined ? sharedAjv().getSchema(schema.$id) : undefined) ?? sharedAjv().compile(schema);
      }
      this.validators.set(key, validate);
    }
    if (validate === null) return;
    const merged = { ...s.kwargs, ...config };
    if (!validate(merged)) {
      const { messages, fields } = describeErrors(validate.errors ?? [], 'config');
      throw new InvalidConfig(`Invalid config for ${s.id}: ${messages.slice(0, 8).join('; ')}.`, fields);
    }
  }
}

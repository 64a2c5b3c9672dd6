/**
 * Configuration of the EdgeLLM environment: the fields and defaults of SPEC §1.1, their JSON Schema, and
 * the resolution of a validated config into the derived quantities the simulator uses.
 * @module
 */
import { compileValidator } from '../../src/config/validator.ts';
import { InvalidConfig } from '../../src/core/errors.ts';
import { TRACE_DEFAULTS, TRACE_WORKLOAD_SCHEMA, type TraceWorkloadConfig, loadTrace } from './trace-workload.ts';
import { ROTATE_DEFAULTS, ROTATE_WORKLOAD_SCHEMA, type RotateWorkloadConfig } from './rotating-hot-set.ts';
import { ACCURACY_MODELS, TASKS, type AccuracyModel, type Task, accuracyAt, isAccuracyModel } from '../data/accuracy.ts';

/** One LLM that the edge server can cache. */
export interface ModelConfig {
  /** Model name, e.g. `lamda-137b`. */
  name: string;
  /** Parameters, in billions. */
  paramsB: number;
  /** Bytes per parameter (1 = int8, 2 = fp16). */
  bytesPerParam: number;
  /** Context window in tokens. */
  contextWindow: number;
  /** Which row of the accuracy table the model uses; defaults to `name`. */
  accuracyModel?: AccuracyModel;
}

/** One GPU of the edge server. */
export interface GpuConfig {
  /** Memory, GB. */
  memoryGB: number;
  /** Peak compute, FLOP/s. */
  flops: number;
  /** Power cap, W. */
  watts: number;
}

/** The workload schedule: how request rates evolve within an episode. */
export type WorkloadConfig =
  | { kind: 'stationary' }
  | {
      kind: 'shift';
      /** The shift slot is drawn uniformly from this fraction of the horizon, e.g. [0.35, 0.65]. */
      shiftWindow: [number, number];
      /** Permute the agents' base rates at the shift. */
      permuteRates: boolean;
      /** Move each agent's preferred model to the next model at the shift. */
      flipMix: boolean;
      /** Amplitude of the slow sinusoidal modulation of all rates (0 = none). */
      modulationAmplitude: number;
      /** Period of the modulation, in slots. */
      modulationPeriod: number;
    }
  | RotateWorkloadConfig
  | TraceWorkloadConfig;

/** All fields of the EdgeLLM configuration (every one optional when passed to the environment). */
export interface EdgeLLMConfig {
  /** LLM agents (services) served by the edge server, I. */
  agents: number;
  /** Cacheable models, M of them. */
  models: ModelConfig[];
  /** GPUs in the edge server. */
  gpus: number;
  /** Per-GPU hardware. */
  gpu: GpuConfig;
  /** Energy efficiency, FLOP per joule. */
  flopsPerJoule: number;
  /** Slot length in seconds (sets the energy budget). */
  slotSeconds: number;
  /** Self-consistency reasoning paths per request, J. */
  paths: number;
  /** Tokens per reasoning path (one thought), k. */
  thoughtTokens: number;
  /** Prompt tokens per agent, d_i; default evenly spaced from 100 to 200. */
  promptTokens?: number[];
  /** Thoughts of context that fade per slot, Δ. */
  vanishing: number;
  /** Reasoning-gain factor, 0 < β < 1. */
  beta: number;
  /** Task per agent; default cycles over the seven benchmarks. */
  tasks?: Task[];
  /** Share of agent i's requests that need its preferred model (i mod M); the rest split evenly. */
  primaryShare: number;
  /** Explicit I×M request mix (rows sum to 1); overrides `primaryShare`. */
  modelMix?: number[][];
  /** Mean requests per slot per agent, λ_i: one number for all or one per agent. */
  rates: number | number[];
  /** Slots per episode, T. */
  horizon: number;
  /** Edge access cost per prompt token. */
  edgeAccessCost: number;
  /** Cloud cost per request per path. */
  cloudCost: number;
  /** Switching (model load) cost per GB loaded. */
  switchCostPerGB: number;
  /** Cost per edge-server-second of compute. */
  computeCost: number;
  /** Accuracy cost coefficient. */
  accuracyCost: number;
  /** Model whose accuracy cloud-served requests get. */
  cloudModel: AccuracyModel;
  /** Workload schedule. */
  workload: WorkloadConfig;
  /** `dict` (native `{cache, local}`) or `box` (one flat Box in [-1, 1]). */
  actionFormat: 'dict' | 'box';
  /** `ansi` for a text rendering, or null. */
  renderMode: 'ansi' | null;
}

/** The defaults of SPEC §1.1. */
export const DEFAULT_CONFIG: Readonly<EdgeLLMConfig> = Object.freeze<EdgeLLMConfig>({
  agents: 10,
  models: [
    { name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 16384 },
    { name: 'palm-540b', paramsB: 540, bytesPerParam: 1, contextWindow: 16384 },
  ],
  gpus: 16,
  gpu: { memoryGB: 80, flops: 312e12, watts: 300 },
  flopsPerJoule: 8.1e11,
  slotSeconds: 0.25,
  paths: 10,
  thoughtTokens: 32,
  vanishing: 1,
  beta: 3 / 7,
  primaryShare: 0.7,
  rates: 1,
  horizon: 100,
  edgeAccessCost: 1e-4,
  cloudCost: 7.5e-3,
  switchCostPerGB: 1e-4,
  computeCost: 0.1,
  accuracyCost: 2.5,
  cloudModel: 'palm-540b',
  workload: { kind: 'stationary' },
  actionFormat: 'dict',
  renderMode: null,
});

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;

/** JSON Schema of the configuration (printed by `edgellm-gym schema EdgeLLM-v0`). */
export const EDGE_LLM_CONFIG_SCHEMA = {
  $id: 'edgellm-gym/EdgeLLMConfig',
  title: 'EdgeLLM environment configuration',
  description: 'Joint model caching and inference offloading at one edge server (SPEC §1). Every field is optional.',
  type: 'object',
  additionalProperties: false,
  properties: {
    agents: { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'LLM agents served by the edge server.' },
    models: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      description: 'Cacheable models.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'paramsB', 'bytesPerParam', 'contextWindow'],
        properties: {
          name: { type: 'string', minLength: 1 },
          paramsB: positive,
          bytesPerParam: positive,
          contextWindow: { type: 'integer', minimum: 1 },
          accuracyModel: { enum: [...ACCURACY_MODELS] },
        },
      },
    },
    gpus: { type: 'integer', minimum: 1, maximum: 100000, default: 16, description: 'GPUs in the edge server.' },
    gpu: {
      type: 'object',
      additionalProperties: false,
      properties: { memoryGB: positive, flops: positive, watts: positive },
    },
    flopsPerJoule: { ...positive, default: 8.1e11 },
    slotSeconds: { ...positive, default: 0.25 },
    paths: { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'Reasoning paths per request.' },
    thoughtTokens: { type: 'integer', minimum: 1, default: 32 },
    promptTokens: { type: 'array', items: nonNegative, description: 'Prompt tokens per agent.' },
    vanishing: { ...nonNegative, default: 1, description: 'Thoughts of context that fade per slot.' },
    beta: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 3 / 7 },
    tasks: { type: 'array', items: { enum: [...TASKS] } },
    primaryShare: { type: 'number', minimum: 0, maximum: 1, default: 0.7 },
    modelMix: { type: 'array', items: { type: 'array', items: nonNegative } },
    rates: { anyOf: [nonNegative, { type: 'array', items: nonNegative }], default: 1 },
    horizon: { type: 'integer', minimum: 1, maximum: 1000000, default: 100 },
    edgeAccessCost: { ...nonNegative, default: 1e-4 },
    cloudCost: { ...nonNegative, default: 7.5e-3 },
    switchCostPerGB: { ...nonNegative, default: 1e-4 },
    computeCost: { ...nonNegative, default: 0.1 },
    accuracyCost: { ...nonNegative, default: 2.5 },
    cloudModel: { enum: [...ACCURACY_MODELS], default: 'palm-540b' },
    workload: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'stationary' } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: {
            kind: { const: 'shift' },
            shiftWindow: { type: 'array', items: { type: 'number', minimum: 0, maximum: 1 }, minItems: 2, maxItems: 2 },
            permuteRates: { type: 'boolean' },
            flipMix: { type: 'boolean' },
            modulationAmplitude: { type: 'number', minimum: 0, maximum: 1 },
            modulationPeriod: positive,
          },
        },
        ROTATE_WORKLOAD_SCHEMA,
        TRACE_WORKLOAD_SCHEMA,
      ],
    },
    actionFormat: { enum: ['dict', 'box'], default: 'dict' },
    renderMode: { enum: ['ansi', null], default: null },
  },
} as const;

const validate = compileValidator<Partial<EdgeLLMConfig>>(EDGE_LLM_CONFIG_SCHEMA, 'EdgeLLM config');

/** Defaults of the `shift` workload fields. */
export const SHIFT_DEFAULTS = Object.freeze({
  shiftWindow: [0.35, 0.65] as [number, number],
  permuteRates: true,
  flipMix: true,
  modulationAmplitude: 0.2,
  modulationPeriod: 50,
});

/** A fully resolved configuration with every derived quantity the simulator needs. */
export interface ResolvedConfig extends EdgeLLMConfig {
  /** Number of models, M. */
  numModels: number;
  /** Number of (agent, model) pairs, I·M. */
  numPairs: number;
  /** Model weight size s_m, GB. */
  sizeGB: Float64Array;
  /** FLOPs per token of each model (2 × params). */
  flopsPerToken: Float64Array;
  /** Energy per token e_m, J. */
  energyPerToken: Float64Array;
  /** Context window per model, tokens. */
  window: Float64Array;
  /** Memory G, GB. */
  memoryGB: number;
  /** Compute f, FLOP/s. */
  computeFlops: number;
  /** Energy budget per slot E, J. */
  energyBudget: number;
  /** d_i per agent. */
  prompt: Float64Array;
  /** λ_i per agent. */
  rate: Float64Array;
  /** Mean base rate λ̄ (observation scale of requests). */
  requestScale: number;
  /** Task per agent. */
  task: Task[];
  /** I×M mix, row-major. */
  mix: Float64Array;
  /** CoT accuracy α per pair (fraction). */
  alpha: Float64Array;
  /** SC accuracy at J paths per pair, edge-served (fraction). */
  edgeAccuracy: Float64Array;
  /** SC accuracy at J paths of the cloud model per agent (fraction). */
  cloudAccuracy: Float64Array;
  /** ln(1/β). */
  logInvBeta: number;
  /** Observation scale of κ per model: the window in thoughts. */
  kappaScale: Float64Array;
}

function fail(field: string, text: string): never {
  throw new InvalidConfig(`Invalid EdgeLLM config: config.${field} ${text}.`, [`config.${field}`]);
}

/**
 * Validates a (partial) configuration against the schema, fills in defaults and derives every quantity of
 * SPEC §1.1.
 *
 * @example
 * ```ts
 * const cfg = resolveConfig({ agents: 12, gpus: 24 });
 * cfg.memoryGB;     // 1920
 * cfg.energyBudget; // 24 × 300 W × 0.25 s = 1800 J
 * ```
 * @throws {InvalidConfig} naming each unknown, mistyped or out-of-range field.
 */
export function resolveConfig(input: unknown = {}): ResolvedConfig {
  const given = validate(input ?? {});
  const c: EdgeLLMConfig = {
    ...DEFAULT_CONFIG,
    ...given,
    gpu: { ...DEFAULT_CONFIG.gpu, ...(given.gpu ?? {}) },
    models: (given.models ?? DEFAULT_CONFIG.models).map((m) => ({ ...m })),
    workload:
      given.workload?.kind === 'shift'
        ? { ...SHIFT_DEFAULTS, ...given.workload }
        : given.workload?.kind === 'rotate'
          ? { ...ROTATE_DEFAULTS, hot: Math.ceil((given.agents ?? DEFAULT_CONFIG.agents) / 2), ...given.workload }
          : given.workload?.kind === 'trace'
            ? { ...TRACE_DEFAULTS, ...given.workload }
            : { kind: 'stationary' },
  };
  const I = c.agents;
  if (c.workload.kind === 'rotate' && c.workload.hot! > I) {
    fail('workload.hot', `must be at most the number of agents (${I}); got ${c.workload.hot}`);
  }
  const M = c.models.length;
  const names = new Set<string>();
  c.models.forEach((m, j) => {
    if (names.has(m.name)) fail(`models[${j}].name`, `repeats the name '${m.name}'; model names must be unique`);
    names.add(m.name);
    const profile = m.accuracyModel ?? m.name;
    if (!isAccuracyModel(profile)) {
      fail(`models[${j}].accuracyModel`, `is required for model '${m.name}', which has no accuracy data; set it to one of ${ACCURACY_MODELS.join(', ')}`);
    }
    m.accuracyModel = profile;
  });
  const prompt =
    c.promptTokens ?? Array.from({ length: I }, (_, i) => (I === 1 ? 150 : 100 + (100 * i) / (I - 1)));
  if (prompt.length !== I) fail('promptTokens', `must have one entry per agent (${I}); got ${prompt.length}`);
  const tasks = c.tasks ?? Array.from({ length: I }, (_, i) => TASKS[i % TASKS.length]!);
  if (tasks.length !== I) fail('tasks', `must have one entry per agent (${I}); got ${tasks.length}`);
  const rates = typeof c.rates === 'number' ? new Array<number>(I).fill(c.rates) : c.rates;
  if (rates.length !== I) fail('rates', `must be one number or one entry per agent (${I}); got ${rates.length}`);
  const mix = new Float64Array(I * M);
  if (c.modelMix !== undefined) {
    if (c.modelMix.length !== I) fail('modelMix', `must have one row per agent (${I}); got ${c.modelMix.length}`);
    c.modelMix.forEach((row, i) => {
      if (row.length !== M) fail(`modelMix[${i}]`, `must have one entry per model (${M}); got ${row.length}`);
      const sum = row.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6) fail(`modelMix[${i}]`, `must sum to 1; sums to ${sum}`);
      row.forEach((v, m) => (mix[i * M + m] = v));
    });
  } else {
    for (let i = 0; i < I; i++) {
      for (let m = 0; m < M; m++) {
        mix[i * M + m] = M === 1 ? 1 : m === i % M ? c.primaryShare : (1 - c.primaryShare) / (M - 1);
      }
    }
  }
  if (c.workload.kind === 'shift' && c.workload.shiftWindow[0] > c.workload.shiftWindow[1]) {
    fail('workload.shiftWindow', 'must be [from, to] with from ≤ to');
  }
  const sizeGB = Float64Array.from(c.models, (m) => m.paramsB * m.bytesPerParam);
  const flopsPerToken = Float64Array.from(c.models, (m) => 2 * m.paramsB * 1e9);
  const alpha = new Float64Array(I * M);
  const edgeAccuracy = new Float64Array(I * M);
  const cloudAccuracy = new Float64Array(I);
  for (let i = 0; i < I; i++) {
    cloudAccuracy[i] = accuracyAt(c.cloudModel, tasks[i]!, c.paths);
    for (let m = 0; m < M; m++) {
      const profile = c.models[m]!.accuracyModel!;
      alpha[i * M + m] = accuracyAt(profile, tasks[i]!, 1);
      edgeAccuracy[i * M + m] = accuracyAt(profile, tasks[i]!, c.paths);
    }
  }
  const rate = Float64Array.from(rates);
  let requestScale = rate.reduce((a, b) => a + b, 0) / I || 1;
  if (c.workload.kind === 'trace') {
    // a trace's requests per agent per slot set the observation scale instead of the (unused) Poisson rates
    const trace = loadTrace(c.workload);
    requestScale = trace.time.length / Math.max(trace.span / c.workload.timeScale, 1) / I;
  }
  return {
    ...c,
    promptTokens: prompt,
    tasks,
    numModels: M,
    numPairs: I * M,
    sizeGB,
    flopsPerToken,
    energyPerToken: flopsPerToken.map((f) => f / c.flopsPerJoule),
    window: Float64Array.from(c.models, (m) => m.contextWindow),
    memoryGB: c.gpus * c.gpu.memoryGB,
    computeFlops: c.gpus * c.gpu.flops,
    energyBudget: c.gpus * c.gpu.watts * c.slotSeconds,
    prompt: Float64Array.from(prompt),
    rate,
    requestScale,
    task: tasks,
    mix,
    alpha,
    edgeAccuracy,
    cloudAccuracy,
    logInvBeta: Math.log(1 / c.beta),
    kappaScale: Float64Array.from(c.models, (m) => m.contextWindow / c.thoughtTokens),
  };
}

/**
 * A learner thread (see `learner-thread.ts`): starts the calling thread's tfjs backend, then waits on its
 * control block for operations, one handler per operation — a setup (taken from its port), a shard's
 * gradient, the critic's Adam step, a step, peek or reset of the rollout policy's sub-environments, or the end. Every error it
 * catches is written into its error text for the calling thread to throw.
 * @module
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { writeErrorText } from '../../../src/threads/error-text.ts';
import { Spinner } from '../../../src/threads/spinner.ts';
import { actionHeadFor } from '../acting/action-head.ts';
import { createBlockPolicy } from '../acting/block-policy.ts';
import type { BlockPolicy } from '../acting/block-policy.ts';
import { initBackend } from '../../tfjs/backend.ts';
import type { BackendName } from '../../tfjs/backend.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';
import { MlpShard } from './mlp-shard.ts';
import { TttShard } from './ttt-shard.ts';
import { adamStepArrays } from '../../ppo/adam.ts';
import { addShardGrads } from './array-weights.ts';
import { ADAM_ARGS, CTL, OP_ADAM, OP_CLOSE, OP_POLICY_PEEK, OP_POLICY_RESET, OP_POLICY_STEP, OP_RUN, OP_SETUP, TERM_KEYS } from './learner-thread-protocol.ts';
import type { LearnerThreadInit, PolicySetup, ShardSetup, ThreadSetup } from './learner-thread-protocol.ts';

const { backend, control, errorText, port } = workerData as LearnerThreadInit;

/** The current update's shard: its gradient of `indices[0 … count)`. */
let shard: { setup: ShardSetup; run: (count: number, total: number) => PPOLossJsTerms } | null = null;
/** The shard object of the last setup, reused while the sizes stay. */
let kept: { key: string; shard: MlpShard | TttShard } | null = null;
/** The current rollout's policy of the thread's sub-environments. */
let policy: { setup: PolicySetup; block: BlockPolicy } | null = null;

function shardFor(s: ShardSetup): MlpShard | TttShard {
  const key = JSON.stringify(s.kind === 'mlp' ? [s.kind, s.widths, s.maxRows, s.actionSpace, s.coef] : [s.kind, s.actorCfg, s.criticCfg, s.maxRows, s.innerUpdates, s.actionSpace, s.coef]);
  if (kept !== null && kept.key === key) return kept.shard;
  const dist = actionHeadFor(spaceFromJSON(s.actionSpace)).distribution;
  const made = s.kind === 'mlp' ? new MlpShard(s.widths, s.maxRows, dist, s.coef) : new TttShard(s.actorCfg, s.criticCfg, s.maxRows, dist, s.coef, s.innerUpdates);
  kept = { key, shard: made };
  return made;
}

function onSetup(): void {
  const got = receiveMessageOnPort(port);
  if (got === undefined) throw new Error('learner thread: a setup was announced but none arrived.');
  const s = got.message as ThreadSetup;
  if (s.kind === 'policy') {
    policy?.block.dispose();
    policy = null; // a setup that fails leaves no disposed block behind
    policy = { setup: s, block: createBlockPolicy(s.source, s.first, s.numEnvs - s.first) };
    return;
  }
  const made = shardFor(s);
  shard = {
    setup: s,
    run:
      s.kind === 'mlp'
        ? (count, total) => (made as MlpShard).run(s.samples, s.indices, 0, count, total, s.actor, s.critic, s.actorGrads, s.criticGrads)
        : (count, total) => (made as TttShard).run(s.data, s.indices, 0, count, total, s.actor, s.critic, s.actorGrads, s.criticGrads),
  };
}

function onRun(): void {
  if (shard === null) throw new Error('learner thread: a shard was asked for before any update setup.');
  const terms = shard.run(control[CTL.count]!, control[CTL.total]!);
  TERM_KEYS.forEach((k, i) => (shard!.setup.terms[i] = terms[k]));
}

function onAdam(): void {
  if (shard === null) throw new Error('learner thread: an Adam step was asked for before any update setup.');
  const { params, grads, second, m, v, args } = shard.setup.adam;
  addShardGrads(grads, second);
  const step = {
    step: args[ADAM_ARGS.step]!,
    learningRate: args[ADAM_ARGS.learningRate]!,
    beta1: args[ADAM_ARGS.beta1]!,
    beta2: args[ADAM_ARGS.beta2]!,
    epsilon: args[ADAM_ARGS.epsilon]!,
  };
  args[ADAM_ARGS.gradNorm] = adamStepArrays(step, params, grads, m, v, args[ADAM_ARGS.maxGradNorm]!).gradNorm;
}

function currentPolicy(): NonNullable<typeof policy> {
  if (policy === null) throw new Error('learner thread: the policy was asked for before any rollout setup.');
  return policy;
}

function onPolicyStep(): void {
  const { setup: s, block } = currentPolicy();
  block.step(s.obs, s.params, s.values);
}

function onPolicyPeek(): void {
  const { setup: s, block } = currentPolicy();
  const e = control[CTL.count]!;
  s.values[e] = block.peekValue(e, s.peekObs);
}

function onPolicyReset(): void {
  currentPolicy().block.resetState(control[CTL.count]!);
}

/** Runs operation `op`; false when the thread is to end. */
function handle(op: number): boolean {
  switch (op) {
    case OP_SETUP:
      onSetup();
      return true;
    case OP_RUN:
      onRun();
      return true;
    case OP_ADAM:
      onAdam();
      return true;
    case OP_POLICY_STEP:
      onPolicyStep();
      return true;
    case OP_POLICY_PEEK:
      onPolicyPeek();
      return true;
    case OP_POLICY_RESET:
      onPolicyReset();
      return true;
    case OP_CLOSE:
      return false;
    default:
      throw new Error(`learner thread: unknown operation ${op}.`);
  }
}

function fail(e: unknown): void {
  control[CTL.errorLength] = writeErrorText(errorText, e);
  control[CTL.status] = 1;
}

try {
  await initBackend(backend as BackendName);
  Atomics.store(control, CTL.state, 1);
} catch (e) {
  fail(e);
  Atomics.store(control, CTL.state, 2);
}
Atomics.notify(control, CTL.state);

if (Atomics.load(control, CTL.state) === 1) {
  const spinner = new Spinner(0.005, 0.2);
  let seen = 0; // requests count from 0; the calling thread may have handed out the first one already
  for (;;) {
    let now = spinner.spinWhile(control, CTL.request, seen);
    if (now === seen) {
      while (now === seen) {
        Atomics.wait(control, CTL.request, seen, 1000);
        now = Atomics.load(control, CTL.request);
      }
      spinner.woke();
    }
    seen = now;
    control[CTL.status] = 0;
    let more = true;
    try {
      more = handle(control[CTL.op]!);
    } catch (e) {
      fail(e);
    }
    if (!more) break;
    Atomics.store(control, CTL.done, seen);
    Atomics.notify(control, CTL.done);
  }
}
port.close();

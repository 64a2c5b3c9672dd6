/**
 * A learner thread (see `shard-thread.ts`): starts the calling thread's tfjs backend, then waits on its
 * control block for operations — a setup (taken from its port), a shard's gradient, or the end. Every
 * error it catches is written into its error text for the calling thread to throw.
 * @module
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { writeErrorText } from '../../../src/threads/error-text.ts';
import { Spinner } from '../../../src/threads/spinner.ts';
import { actionHeadFor } from '../acting/action-head.ts';
import { initBackend } from '../../tfjs/backend.ts';
import type { BackendName } from '../../tfjs/backend.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';
import { MlpShard } from './mlp-shard.ts';
import { TttShard } from './ttt-shard.ts';
import { CTL, OP_CLOSE, OP_RUN, OP_SETUP, TERM_KEYS } from './shard-thread-protocol.ts';
import type { ShardSetup, ShardThreadInit } from './shard-thread-protocol.ts';

const { backend, control, errorText, port } = workerData as ShardThreadInit;

function fail(e: unknown): void {
  control[CTL.errorLength] = writeErrorText(errorText, e);
  control[CTL.status] = 1;
}

/** The shard runner of the current setup: its gradient of `indices[0 … count)`. */
type Runner = (count: number, total: number) => PPOLossJsTerms;

let shardKey = '';
let shard: MlpShard | TttShard | null = null;

function runnerFor(s: ShardSetup): Runner {
  const dist = actionHeadFor(spaceFromJSON(s.actionSpace)).distribution;
  const key = JSON.stringify(s.kind === 'mlp' ? [s.kind, s.widths, s.maxRows, s.actionSpace, s.coef] : [s.kind, s.actorCfg, s.criticCfg, s.maxRows, s.innerUpdates, s.actionSpace, s.coef]);
  if (s.kind === 'mlp') {
    const mine = key === shardKey && shard instanceof MlpShard ? shard : new MlpShard(s.widths, s.maxRows, dist, s.coef);
    shard = mine;
    shardKey = key;
    return (count, total) => mine.run(s.samples, s.indices, 0, count, total, s.actor, s.critic, s.actorGrads, s.criticGrads);
  }
  const mine = key === shardKey && shard instanceof TttShard ? shard : new TttShard(s.actorCfg, s.criticCfg, s.maxRows, dist, s.coef, s.innerUpdates);
  shard = mine;
  shardKey = key;
  return (count, total) => mine.run(s.data, s.indices, 0, count, total, s.actor, s.critic, s.actorGrads, s.criticGrads);
}

let setup: ShardSetup | null = null;
let runner: Runner | null = null;

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
    while (now === seen) {
      Atomics.wait(control, CTL.request, seen, 1000);
      now = Atomics.load(control, CTL.request);
    }
    seen = now;
    const op = control[CTL.op]!;
    if (op === OP_CLOSE) break;
    control[CTL.status] = 0;
    try {
      if (op === OP_SETUP) {
        const got = receiveMessageOnPort(port);
        if (got === undefined) throw new Error('shard thread: a setup was announced but none arrived.');
        setup = got.message as ShardSetup;
        runner = runnerFor(setup);
      } else if (op === OP_RUN) {
        if (runner === null || setup === null) throw new Error('shard thread: a shard was asked for before any setup.');
        const terms = runner(control[CTL.count]!, control[CTL.total]!);
        TERM_KEYS.forEach((k, i) => (setup!.terms[i] = terms[k]));
      } else {
        throw new Error(`shard thread: unknown operation ${op}.`);
      }
    } catch (e) {
      fail(e);
    }
    Atomics.store(control, CTL.done, seen);
    Atomics.notify(control, CTL.done);
  }
}
port.close();

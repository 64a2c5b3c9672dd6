import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import './fixtures.ts';
import { TINY } from './fixtures.ts';
import '../../../envs/index.ts';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { PPOTrainer } from '../../../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../../../agents/t2drl/training/training-config.ts';
import { readCheckpoint, writeCheckpoint } from '../../../agents/t2drl/training/checkpoint.ts';
import { OnlinePPOAgent } from '../../../agents/t2drl/training/online-agent.ts';
import { checkpointFileName, checkpointSearchPath } from '../../../agents/t2drl/acting/shipped-checkpoints.ts';
import { agentsFor, createAgent, listAgents } from '../../../agents/catalogue.ts';
import { runEpisode } from '../../../agents/evaluation/evaluate.ts';
import { make } from '../../../src/registry/registry.ts';
import { configHash } from '../../../src/utils/run-metadata.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { AgentContext } from '../../../agents/agent.ts';
import { checkpointEnvId } from '../../../agents/t2drl/entries.ts';

const ENV = 'test/ContextBandit-v0';

function ctx(id = ENV): AgentContext {
  const env = make(id);
  return {
    observationSpace: env.observationSpace,
    actionSpace: env.actionSpace,
    envId: id,
    seed: 3,
    envConfigHash: configHash((env.unwrapped as unknown as { config: unknown }).config),
  };
}

describe('learning agents: registry entries and evaluation modes', () => {
  let dir: string;
  before(async () => {
    await initBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'edgellm-agents-'));
    for (const agent of ['ppo', 't2drl'] as const) {
      const t = new PPOTrainer(resolveTrainingConfig(agent, ENV, TINY));
      try {
        for (let i = 0; i < 2; i++) t.iterate();
        const ckpt = t.toCheckpoint('cpu');
        // the same weights under two training seeds; each file says the seed its name gives
        const asSeed = (seed: number) => ({ ...ckpt, training: { ...ckpt.training, ppo: { ...ckpt.training.ppo, seed } } });
        writeCheckpoint(join(dir, checkpointFileName(agent, ENV, 5)), asSeed(5));
        if (agent === 't2drl') writeCheckpoint(join(dir, checkpointFileName(agent, ENV, 9)), asSeed(9));
      } finally {
        t.close();
      }
    }
  });
  after(() => {
    const i = checkpointSearchPath.indexOf(dir);
    if (i >= 0) checkpointSearchPath.splice(i, 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers ppo, t2drl, t2drl-no-ttt and t2drl-online as non-baselines', () => {
    const names = listAgents().filter((e) => !e.baseline).map((e) => e.name);
    for (const n of ['ppo', 't2drl', 't2drl-no-ttt', 't2drl-online']) assert.ok(names.includes(n), n);
  });

  it('apply only where a checkpoint exists, and explain why not elsewhere', async () => {
    assert.ok(!agentsFor('EdgeLLM-Large-v0').some((e) => e.name === 't2drl'), 'no checkpoint is shipped for the large scenario');
    await assert.rejects(
      createAgent('t2drl', ctx('EdgeLLM-Large-v0')),
      (e: Error) => e instanceof InvalidArgument && /no trained t2drl checkpoint for EdgeLLM-Large-v0/.test(e.message) && /npx edgellm-gym train/.test(e.message),
    );
    await assert.rejects(createAgent('ppo', ctx()), /trained for EdgeLLM-\* and DDAMarket-\* environments only/);
  });

  it('load the checkpoint found on the search path and act in the environment', async () => {
    checkpointSearchPath.unshift(dir);
    // the test environment is not in the agents' families: pretend by asking for the entry directly
    const entry = listAgents().find((e) => e.name === 't2drl-no-ttt')!;
    const agent = await entry.create(ctx());
    const r = runEpisode(make(ENV), agent, 123);
    assert.equal(r.length, 10);
    assert.equal(agent.name, 't2drl-no-ttt');
    agent.close?.();
  });

  it('pick a training seed through the context, list the seeds, and name the available ones when one is missing', async () => {
    if (!checkpointSearchPath.includes(dir)) checkpointSearchPath.unshift(dir);
    const entry = listAgents().find((e) => e.name === 't2drl')!;
    assert.deepEqual(entry.trainingSeeds!('EdgeLLM-Flip-v0').slice(0, 1), [1], 'the shipped Flip checkpoints start at seed 1');
    assert.deepEqual(entry.trainingSeeds!(ENV), [], 'outside the families there are none');
    const agent = await entry.create({ ...ctx(), trainingSeed: 9 });
    assert.equal(runEpisode(make(ENV), agent, 1).length, 10);
    await assert.rejects(
      async () => entry.create({ ...ctx(), trainingSeed: 6 }),
      (e: Error) => e instanceof InvalidArgument && /training seed 6/.test(e.message) && /t2drl-test\/ContextBandit-v0-s6\.json/.test(e.message),
    );
    await assert.rejects(async () => entry.create({ ...ctx(), trainingSeed: -1 }), /trainingSeed must be a non-negative integer/);
  });

  it('the online agent keeps training between episodes without leaking tensors', async () => {
    const ckpt = readCheckpoint(join(dir, checkpointFileName('t2drl', ENV, 5)));
    const agent = OnlinePPOAgent.create(ckpt, ctx(), { name: 't2drl-online', epochs: 2 });
    const env = make(ENV);
    try {
      runEpisode(env, agent, 1);
      const before = tf.memory().numTensors;
      for (let k = 0; k < 4; k++) runEpisode(env, agent, 2 + k);
      assert.equal(tf.memory().numTensors, before);
      assert.equal(agent.updates.length, 5, 'one PPO update per finished episode');
      assert.ok(agent.updates.every((u) => u.gradientSteps === 2 && Number.isFinite(u.policyLoss)));
    } finally {
      agent.close();
    }
  });

  it('finds the checkpoint of a system view under its multi-agent id; the online variant does not apply to a view', () => {
    assert.equal(checkpointEnvId('EdgeLLMMulti-View-v0'), 'EdgeLLMMulti-v0');
    assert.equal(checkpointEnvId('EdgeLLM-v0'), 'EdgeLLM-v0');
    const online = listAgents().find((e) => e.name === 't2drl-online')!;
    assert.equal(online.appliesTo('EdgeLLMMulti-View-v0'), false);
    assert.match(online.unavailableReason!('EdgeLLMMulti-View-v0'), /online variant does not run on multi-agent systems/);
    const ppo = listAgents().find((e) => e.name === 'ppo')!;
    assert.match(ppo.unavailableReason!('EdgeLLMMulti-Large-View-v0'), /--env EdgeLLMMulti-Large-v0/);
  });
});

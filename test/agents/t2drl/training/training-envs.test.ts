import assert from 'node:assert/strict';
import '../fixtures.ts';
import { buildTrainingEnvs, describeParallelEnv, systemReward } from '../../../../agents/t2drl/training/training-envs.ts';
import { AgentVectorEnv } from '../../../../src/parallel/agent-vector-env.ts';
import { AgentPadding } from '../../../../src/parallel/agent-padding.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';
import { configHash } from '../../../../src/utils/run-metadata.ts';
import { ServersParallelEnv } from '../../../fixtures/servers-parallel-env.ts';
import { EdgeLLMMultiVectorEnv } from '../../../../envs/edge-llm-multi/edge-llm-multi-vector-env.ts';
import '../../../../envs/index.ts';

describe('agents/t2drl/training/training-envs', () => {
  it('builds one sub-environment per copy and agent for a parallel id, in the padded spaces', () => {
    const built = buildTrainingEnvs('test/Servers-v0', 6, { horizon: 5 });
    try {
      assert.ok(built.envs instanceof AgentVectorEnv);
      assert.equal((built.envs as AgentVectorEnv).copies.length, 2);
      assert.equal(built.envs.numEnvs, 6);
      assert.ok(built.padding !== null);
      assert.ok(built.observationSpace.equals(built.padding.observationSpace));
      assert.deepEqual(built.envInfo.agents?.names, ['es0', 'es1', 'es2']);
      assert.equal(built.envInfo.configHash, configHash({ horizon: 5 }));
      assert.deepEqual(built.envInfo.kwargs, { horizon: 5 });
      // validation sees the whole system: one observation of 3 + 5 + 4 values
      assert.deepEqual(built.evalEnv.observationSpace.shape, [12]);
    } finally {
      built.envs.close();
      built.evalEnv.close();
    }
  });

  it('steps the multi-edge ids on the batch-native EdgeLLMMultiVectorEnv (its vectorEntryPoint)', () => {
    const built = buildTrainingEnvs('EdgeLLMMulti-v0', 8, { common: { horizon: 5 } });
    try {
      assert.ok(built.envs instanceof EdgeLLMMultiVectorEnv);
      assert.equal((built.envs as EdgeLLMMultiVectorEnv).numCopies, 2);
      assert.equal((built.envs as EdgeLLMMultiVectorEnv).config.horizon, 5);
      assert.ok(built.envs.singleObservationSpace.equals(built.observationSpace));
      assert.ok(built.envs.singleActionSpace.equals(built.actionSpace));
    } finally {
      built.envs.close();
      built.evalEnv.close();
    }
  });

  it('keeps makeVec for a single-agent id', () => {
    const built = buildTrainingEnvs('test/ContextBandit-v0', 2, {});
    assert.equal(built.padding, null);
    assert.equal(built.envs.metadata.autoresetMode, 'same-step');
    assert.equal(built.envInfo.agents, undefined);
    built.envs.close();
  });

  it('refuses a numEnvs that is not a multiple of the agents, saying what would be', () => {
    assert.throws(() => buildTrainingEnvs('test/Servers-v0', 5, {}), (e: unknown) => e instanceof InvalidArgument && /multiple of the 3 agents/.test(e.message) && /numEnvs 6/.test(e.message));
  });

  it('describes each agent with its own spaces, and takes the system reward from the infos', () => {
    const env = new ServersParallelEnv();
    const d = describeParallelEnv(env, AgentPadding.of(env), 'test/Servers-v0');
    assert.deepEqual(d.agents!.actionSpaces[1], env.actionSpace('es1').toJSON());
    assert.equal(systemReward({ a: -1, b: -2 }, { a: { systemReward: -7 }, b: {} }), -7);
    assert.equal(systemReward({ a: -1, b: -2 }, { a: {}, b: {} }), -3);
  });
});

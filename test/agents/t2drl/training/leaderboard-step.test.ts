import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../../envs/index.ts';
import { prepareLearningAgents } from '../../../../agents/t2drl/training/leaderboard-step.ts';
import { trainingSeedsOf } from '../../../../agents/t2drl/acting/shipped-checkpoints.ts';
import type { CurveSeries } from '../../../../agents/t2drl/training/curve-series.ts';

describe('agents/t2drl/training/leaderboard-step', function () {
  this.timeout(120_000);

  it('records every training seed in use and draws one curve per agent, with a seed band where there are several', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-step-'));
    try {
      const meta = await prepareLearningAgents({ train: false, envs: ['EdgeLLM-Flip-v0', 'EdgeLLM-v0'], outDir: dir });
      const curves = meta.learningCurves as CurveSeries[];
      const checkpoints = meta.checkpoints as Record<string, { file: string; trainingSeed: number }>;
      for (const agent of ['ppo', 't2drl']) {
        const seeds = trainingSeedsOf(agent, 'EdgeLLM-Flip-v0');
        const c = curves.find((s) => s.agent === agent && s.env === 'EdgeLLM-Flip-v0')!;
        if (seeds.length > 1) {
          assert.deepEqual(c.trainingSeeds, seeds);
          assert.equal(c.validationMin!.length, c.x.length);
          c.validation.forEach((v, i) => {
            if (v !== null) assert.ok(c.validationMin![i]! <= v && v <= c.validationMax![i]!, `${agent}: mean inside the band`);
          });
          for (const s of seeds) assert.ok(checkpoints[`${agent}@EdgeLLM-Flip-v0 s${s}`]!.file.endsWith(`${agent}-EdgeLLM-Flip-v0-s${s}.json`));
        } else {
          assert.equal(c.trainingSeeds, undefined);
          assert.equal(checkpoints[`${agent}@EdgeLLM-Flip-v0`]!.trainingSeed, seeds[0]);
        }
      }
      assert.ok(seeds2OrMore(), 'ppo has two training seeds on Flip');
      assert.equal(checkpoints['t2drl@EdgeLLM-v0']!.trainingSeed, 42, 'single-seed recipes keep one entry');
      assert.equal(curves.filter((s) => s.env === 'EdgeLLM-v0').length, 2);
      const svg = readFileSync(join(dir, 'leaderboard-learning-EdgeLLM-Flip-v0.svg'), 'utf8');
      assert.ok(svg.startsWith('<svg') && svg.includes('min–max over training seeds'));
      assert.ok(existsSync(join(dir, 'leaderboard-learning-EdgeLLM-v0.svg')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function seeds2OrMore(): boolean {
  return trainingSeedsOf('ppo', 'EdgeLLM-Flip-v0').length >= 2;
}

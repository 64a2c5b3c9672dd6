/**
 * `PassiveEnvChecker`: checks the first `reset`, `step` and `render` of an environment.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, Info, ResetArgs, StepResult } from '../core/env.ts';
import { checkSpace, envRenderPassiveChecker, envResetPassiveChecker, envStepPassiveChecker } from '../checker/passive-env-checker.ts';

/**
 * Checks the spaces at construction and the results of the first `reset`, `step` and `render` calls,
 * warning about or rejecting API violations; later calls pass straight through. `make` adds it unless
 * `disableEnvChecker` is set.
 */
export class PassiveEnvChecker<O, A> extends Wrapper<O, A> {
  private checkedReset = false;
  private checkedStep = false;
  private checkedRender = false;

  constructor(env: Env<O, A>) {
    super(env);
    checkSpace(env.actionSpace, 'action');
    checkSpace(env.observationSpace, 'observation');
  }

  override reset(args: ResetArgs = {}): [O, Info] {
    if (this.checkedReset) return this.env.reset(args);
    this.checkedReset = true;
    return envResetPassiveChecker(this.env, args);
  }

  override step(action: A): StepResult<O> {
    if (this.checkedStep) return this.env.step(action);
    this.checkedStep = true;
    return envStepPassiveChecker(this.env, action);
  }

  override render(): unknown {
    if (this.checkedRender) return this.env.render();
    this.checkedRender = true;
    return envRenderPassiveChecker(this.env);
  }
}

/**
 * `PassiveEnvChecker`: checks the first `reset`, `step` and `render` of an environment.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, Info, ResetArgs, StepResult } from '../core/env.ts';
import { warn } from '../core/logger.ts';
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
  private closeCalled = false;

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

  /** Closes the environment; when a second close throws, warns (closing twice must be allowed) and rethrows. */
  override close(): void {
    if (!this.closeCalled) {
      this.closeCalled = true;
      this.env.close();
      return;
    }
    try {
      this.env.close();
    } catch (e) {
      warn('Calling `env.close()` on the closed environment should be allowed, but it raised an exception.');
      throw e;
    }
  }
}

/**
 * `OrderEnforcing`: refuses `step` (and optionally `render`) before the first `reset`.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, Info, ResetArgs, StepResult } from '../core/env.ts';
import { ResetNeeded } from '../core/errors.ts';

/**
 * Raises {@link ResetNeeded} when `step` is called before `reset`, and when `render` is called before
 * `reset` unless `disableRenderOrderEnforcing` is set. `make` adds it when the spec's `orderEnforce` is on.
 */
export class OrderEnforcing<O, A> extends Wrapper<O, A> {
  private hasReset = false;
  private readonly disableRender: boolean;

  constructor(env: Env<O, A>, disableRenderOrderEnforcing = false) {
    super(env);
    this.disableRender = disableRenderOrderEnforcing;
  }

  /** `true` once `reset` has been called. */
  get hasResetCalled(): boolean {
    return this.hasReset;
  }

  override reset(args: ResetArgs = {}): [O, Info] {
    this.hasReset = true;
    return this.env.reset(args);
  }

  override step(action: A): StepResult<O> {
    if (!this.hasReset) throw new ResetNeeded('Cannot call env.step() before calling env.reset().');
    return this.env.step(action);
  }

  override render(): unknown {
    if (!this.disableRender && !this.hasReset) {
      throw new ResetNeeded(
        'Cannot call `env.render()` before calling `env.reset()`; if this is intended, pass `disableRenderOrderEnforcing: true` to OrderEnforcing.',
      );
    }
    return this.env.render();
  }
}

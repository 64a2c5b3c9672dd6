/**
 * How a vector environment restarts sub-environments whose episode ended.
 * @module
 */

/**
 * - `next-step` (default): the step after an episode ends resets that sub-environment and returns its first
 *   observation with reward 0 and `terminated = truncated = false`; the action given for it is ignored.
 * - `same-step`: the sub-environment is reset in the step that ends its episode; the returned observation is
 *   the new episode's first one, and the last observation and info of the old episode are in
 *   `infos.final_obs` / `infos.final_info` (masks `_final_obs` / `_final_info`).
 * - `disabled`: nothing is reset automatically; call `reset({ options: { reset_mask } })` for the ended ones
 *   (stepping while one of them has not been reset throws `ResetNeeded`).
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

/** The autoreset modes, as constants. */
export const AutoresetMode = {
  NEXT_STEP: 'next-step',
  SAME_STEP: 'same-step',
  DISABLED: 'disabled',
} as const satisfies Record<string, AutoresetMode>;

/** Checks an autoreset mode name. */
export function checkAutoresetMode(mode: unknown): AutoresetMode {
  if (mode === 'next-step' || mode === 'same-step' || mode === 'disabled') return mode;
  throw new TypeError(`autoresetMode must be 'next-step', 'same-step' or 'disabled'; got ${JSON.stringify(mode)}.`);
}

/**
 * The list of CLI command groups beyond the core ones (market, training, serving); each part of the
 * package that adds commands is listed here.
 * @module
 */
import type { Command } from 'commander';

/** Functions that add commands to the program. */
export const extensions: ((program: Command) => void)[] = [];

import type { RegisterCommand } from './types.js';
import { registerLint } from './lint.js';

/** Every verb of the CLI, in help order. */
export const COMMANDS: RegisterCommand[] = [registerLint];
export type { RegisterCommand };

import type { Command } from 'commander';

/** A command file exports one of these: it adds its verb to the program and reports its exit code. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

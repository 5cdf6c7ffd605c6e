/**
 * The `jetflow` command. Each verb lives in its own file under `commands/` and registers itself here;
 * this file only wires them. Exit codes: 0 ok, 1 failure/invalid input, 2 usage error.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { VERSION } from './version.js';

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('jetflow')
    .description('Run Argo Events resources (EventBus, EventSource, Sensor) on NATS JetStream')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  for (const register of COMMANDS) register(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
        return 0;
      return 2;
    }
    throw err;
  }
  return exitCode;
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}

/**
 * A Kafka cluster for tests: librdkafka's mock cluster, started through kcat (`-X
 * test.mock.num.brokers=N`). It speaks the real Kafka protocol (metadata, produce, fetch, consumer
 * groups, offset commits) on ports it picks itself, and lives while kcat's stdin is open. Topics are
 * created on first produce with 4 partitions (the mock's default). It has no SASL and no TLS.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from './nats.js';
import { waitFor } from './wait-for.js';

export const KCAT_BIN = process.env.KCAT_BIN ?? 'kcat';
/** Partitions of a topic the mock creates on first use. */
export const MOCK_PARTITIONS = 4;

export interface TestKafka {
  /** `host:port,host:port,...` of the mock brokers. */
  brokers: string;
  proc: ChildProcess;
  /** Stop exactly this kcat (and with it the mock cluster). */
  stop(): Promise<void>;
}

/** Start a mock cluster of `brokers` brokers; resolves once kcat printed the bootstrap list. */
export async function startKafka(brokers = 3): Promise<TestKafka> {
  const proc = spawn(
    KCAT_BIN,
    ['-X', `test.mock.num.brokers=${brokers}`, '-b', 'dummy', '-P', '-t', 'warm'],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) => proc.once('error', reject));
  spawnError.catch(() => undefined);
  try {
    const list = await Promise.race([
      spawnError,
      waitFor(
        () => {
          if (proc.exitCode !== null) throw new Error(`kcat exited: ${stderr}`);
          return /replaced with (\S+)/.exec(stderr)?.[1];
        },
        { timeout: 15_000, message: 'kcat mock cluster bootstrap list' },
      ),
    ]);
    return {
      brokers: list,
      proc,
      async stop() {
        proc.stdin?.end();
        await stopProcess(proc);
      },
    };
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
}

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, isListening } from './ports.js';
import { waitFor } from './wait-for.js';
export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
/** Start a private JetStream-enabled nats-server on free ports with a temp store dir. */
export async function startNats(opts = {}) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-nats-'));
    const port = await freePort();
    const monitorPort = await freePort();
    const js = opts.jetstream ?? true;
    const conf = [
        `listen: 127.0.0.1:${port}`,
        `http: 127.0.0.1:${monitorPort}`,
        js ? `jetstream { store_dir: "${path.join(dir, 'store')}" }` : '',
        opts.config ?? '',
    ].join('\n');
    const confFile = path.join(dir, 'nats.conf');
    await writeFile(confFile, conf);
    let proc = await launch(confFile, port, opts.args ?? []);
    const handle = {
        url: `nats://127.0.0.1:${port}`,
        port,
        monitorPort,
        dir,
        get proc() {
            return proc;
        },
        async stop() {
            await stopProcess(proc);
            await rm(dir, { recursive: true, force: true });
        },
        async kill() {
            await stopProcess(proc, 'SIGKILL');
        },
        async restart() {
            proc = await launch(confFile, port, opts.args ?? []);
        },
    };
    return handle;
}
async function launch(confFile, port, args) {
    const proc = spawn(NATS_SERVER_BIN, ['-c', confFile, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d) => {
        stderr = (stderr + d.toString()).slice(-4000);
    });
    try {
        await waitFor(async () => {
            if (proc.exitCode !== null)
                throw new Error(`nats-server exited: ${stderr}`);
            return isListening(port);
        }, { timeout: 10_000, message: `nats-server on ${port}` });
    }
    catch (err) {
        proc.kill('SIGKILL');
        throw err;
    }
    return proc;
}
/** Stop exactly this process and wait for it to exit. */
export async function stopProcess(proc, signal = 'SIGTERM') {
    if (proc.exitCode !== null || proc.signalCode !== null)
        return;
    const exited = new Promise((r) => proc.once('exit', () => r()));
    proc.kill(signal);
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
}
//# sourceMappingURL=nats.js.map
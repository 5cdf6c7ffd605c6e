/**
 * Test support for the mqtt source: a publisher on this machine's Mosquitto, wiping a persistent
 * session, and a private mosquitto on a free port (auth, TLS). Never imported by the runtime.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { freePort, isListening, services, stopProcess, waitFor } from '../../../test/harness/index.js';

/** A connected client (publisher) of `url`. */
export function mqttClient(url = services.mqtt, opts: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, ...opts });
}

/** Remove the broker's persistent session of `clientId` (connect with a clean session, leave). */
export async function wipeSession(clientId: string, url = services.mqtt): Promise<void> {
  const c = await mqttClient(url, { clientId, clean: true });
  await c.endAsync();
}

/** A private mosquitto with a password file (user/password) and, with `tls`, a TLS listener too. */
export async function startMosquitto(
  users: Record<string, string>,
  tls?: { ca: string; serverCert: string; serverKey: string },
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-mosquitto-'));
  const port = await freePort();
  const tlsPort = await freePort();
  const pw = path.join(dir, 'passwd');
  await writeFile(pw, '');
  for (const [u, p] of Object.entries(users))
    execFileSync('mosquitto_passwd', ['-b', pw, u, p], { stdio: 'ignore' });
  const lines = [
    // run as us: as root mosquitto would switch to its own user, who cannot read our temp dir
    `user ${os.userInfo().username}`,
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${pw}`,
    'persistence false',
    `listener ${port} 127.0.0.1`,
  ];
  if (tls)
    lines.push(
      `listener ${tlsPort} 127.0.0.1`,
      `cafile ${tls.ca}`,
      `certfile ${tls.serverCert}`,
      `keyfile ${tls.serverKey}`,
      'require_certificate true',
    );
  const conf = path.join(dir, 'mosquitto.conf');
  await writeFile(conf, `${lines.join('\n')}\n`);
  const proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  await waitFor(() => isListening(port), { timeout: 10_000, message: `mosquitto on ${port}` });
  if (tls) await waitFor(() => isListening(tlsPort), { timeout: 10_000 });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    tlsUrl: `mqtts://127.0.0.1:${tlsPort}`,
    async stop() {
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

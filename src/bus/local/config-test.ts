/**
 * Checking configuration with the server itself (`nats-server -t`), before anything is started or
 * written, and mapping its complaints back to the spec fields they came from.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Issue } from '../../api/index.js';

export interface ServerCheckResult {
  ok: boolean;
  output: string;
}

/**
 * Run `binary -t -c configFile ...args`; never throws for a bad config (that is the result). Success is
 * the server saying "is valid": nats-server 2.9 exits 0 after printing usage for an unknown flag.
 */
export function runConfigTest(
  binary: string,
  configFile: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerCheckResult> {
  return new Promise((resolve) => {
    execFile(binary, ['-t', '-c', configFile, ...args], { env, timeout: 10_000 }, (err, stdout, stderr) => {
      const output = `${stderr}${stdout}`.trim();
      resolve({ ok: !err && /configuration file .* is valid/.test(output), output });
    });
  });
}

/** A part of a config file that came from a spec field. */
export interface ConfigRegion {
  first: number;
  last: number;
  path: string;
  /** Prefix messages with the line within the field (multi-line text such as settings). */
  numbered?: boolean;
}

/**
 * Issues from the server's output: `file:line:col: message` lines inside a region are reported against
 * that field (`line` counted within the field); unknown-flag errors against `startArgs`.
 */
export function mapServerErrors(output: string, configFile: string, regions: ConfigRegion[]): Issue[] {
  const issues: Issue[] = [];
  const base = path.basename(configFile);
  for (const raw of output.split('\n')) {
    const line = raw.replace(/^nats-server:\s*/, '').trim();
    const m = /^(.*?):(\d+):(\d+):\s*(.*)$/.exec(line);
    if (m && path.basename(m[1]!) === base) {
      const n = Number(m[2]);
      const r = regions.find((x) => n >= x.first && n <= x.last);
      if (r)
        issues.push({
          severity: 'error',
          path: r.path,
          message: r.numbered ? `line ${n - r.first + 1}: ${m[4]}` : m[4]!,
        });
      else
        issues.push({
          severity: 'error',
          path: 'spec.jetstream',
          message: `generated config line ${n}: ${m[4]}`,
        });
    } else if (/flag provided but not defined|invalid value .* for flag|flag needs an argument/.test(line)) {
      issues.push({ severity: 'error', path: 'spec.jetstream.startArgs', message: line });
    }
  }
  if (issues.length === 0 && output && !/is valid/.test(output))
    issues.push({
      severity: 'error',
      path: 'spec.jetstream',
      message: output.split('\n')[0]!.replace(/^nats-server:\s*/, ''),
    });
  return issues;
}

/**
 * Check `settings`, `maxPayload` and `startArgs` with the real server in a scratch directory (the data
 * dir is not touched). Returns the issues, empty when the server accepts them.
 */
export async function checkSpecWithServer(
  binary: string,
  input: { settings: string; maxPayload: string; startArgs: string[] },
): Promise<Issue[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-config-test-'));
  try {
    const settingsLines = input.settings.replace(/\s+$/, '').split('\n');
    const text = [
      `max_payload: ${input.maxPayload}`,
      'jetstream {',
      `  store_dir: ${JSON.stringify(path.join(dir, 'store'))}`,
      ...settingsLines.map((l) => `  ${l}`),
      '}',
      '',
    ].join('\n');
    const file = path.join(dir, 'check.conf');
    await writeFile(file, text, { mode: 0o600 });
    const res = await runConfigTest(binary, file, input.startArgs);
    if (res.ok) return [];
    return mapServerErrors(res.output, file, [
      { first: 1, last: 1, path: 'spec.jetstream.maxPayload' },
      { first: 4, last: 3 + settingsLines.length, path: 'spec.jetstream.settings', numbered: true },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

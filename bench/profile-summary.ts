/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--callers REGEX] [--depth D]`: the self
 * time table of a `node --cpu-prof` profile (see bench/README.md "Profiling").
 */
import { readFileSync } from 'node:fs';
import { callers, summarize, type CpuProfile, type Share } from './lib/cpuprofile.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const n = Number(opt('--top') ?? 25);
const who = opt('--callers');
const depth = Number(opt('--depth') ?? 3);
const file = args[0];
if (!file) {
  process.stderr.write('usage: profile-summary FILE.cpuprofile [--top N] [--callers REGEX] [--depth D]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const rows = (title: string, shares: Share[]) =>
  `| ${title} | % of samples |\n|---|---|\n${shares.map((s) => `| ${s.name} | ${s.percent.toFixed(1)} |`).join('\n')}\n`;
if (who) process.stdout.write(rows(`callers of /${who}/`, callers(profile, new RegExp(who), depth, n)));
else {
  const s = summarize(profile, n);
  process.stdout.write(`${(s.totalMs / 1000).toFixed(1)} s sampled\n\n`);
  process.stdout.write(`${rows('file or package', s.byFile)}\n${rows('function', s.byFunction)}`);
}

/**
 * `jetflow lint PATH...`: one line per document, ✓ or ✗ with its findings. Exit 0 when all are valid,
 * 1 when any is not (or, with --strict, has warnings), 2 on usage errors.
 */
import { Option } from 'commander';
import {
  formatIssue,
  hasProblems,
  loadResources,
  type LoadedDocument,
  type LoadResult,
} from '../../api/index.js';
import type { RegisterCommand } from './types.js';

export const registerLint: RegisterCommand = (program, setExitCode) => {
  program
    .command('lint')
    .description('validate EventBus, EventSource and Sensor resources in files or directories')
    .argument('<paths...>', 'files or directories (searched recursively for .yaml, .yml, .json)')
    .option('--strict', 'treat warnings (e.g. unknown fields) as errors', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'print only documents with findings', false)
    .action(async (paths: string[], opts: { strict: boolean; output: string; quiet: boolean }) => {
      const result = await loadResources(paths);
      if (opts.output === 'json')
        process.stdout.write(`${JSON.stringify(toJson(result, opts.strict), null, 2)}\n`);
      else printText(result, opts);
      setExitCode(hasProblems(result, opts.strict) ? 1 : 0);
    });
};

function label(d: LoadedDocument): string {
  const what = d.kind ? `${d.kind}/${d.name ?? '?'}` : 'document';
  return `${what} (${d.file}:${d.line})`;
}

function printText(result: LoadResult, opts: { strict: boolean; quiet: boolean }): void {
  for (const e of result.errors) process.stderr.write(`✗ ${formatIssue(e)}\n`);
  let ok = 0;
  let bad = 0;
  let skipped = 0;
  for (const d of result.documents) {
    if (d.skipped) {
      skipped++;
      if (!opts.quiet) process.stdout.write(`- ${label(d)} skipped: ${d.skipped}\n`);
      continue;
    }
    const failed = d.issues.some((i) => i.severity === 'error' || opts.strict);
    if (failed) bad++;
    else ok++;
    if (opts.quiet && d.issues.length === 0) continue;
    process.stdout.write(`${failed ? '✗' : '✓'} ${label(d)}\n`);
    for (const i of d.issues) process.stdout.write(`    ${i.severity}: ${formatIssue(i)}\n`);
  }
  process.stdout.write(`${ok} valid, ${bad} invalid, ${skipped} skipped\n`);
}

function toJson(result: LoadResult, strict: boolean) {
  return {
    valid: !hasProblems(result, strict),
    errors: result.errors,
    documents: result.documents.map((d) => ({
      file: d.file,
      line: d.line,
      index: d.index,
      apiVersion: d.apiVersion,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      skipped: d.skipped,
      valid: !d.skipped && !d.issues.some((i) => i.severity === 'error' || strict),
      issues: d.issues,
    })),
  };
}

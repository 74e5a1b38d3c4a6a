// `npm run bench:report`: turns a results file of `npm run bench -- --json FILE` into
// docs/benchmarks.md and docs/benchmarks.svg.
// Options: --in FILE (default bench/results/latest.json), --out FILE.md, --svg FILE.svg.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import type { BenchFile } from '../results.js';
import { WORKLOADS } from '../workloads.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';
import { checkBenchFile } from './validate.js';

function option(args: readonly string[], flag: string, fallback: string): string {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`${flag} needs a value`);
  return v;
}

function main(): void {
  const args = process.argv.slice(2);
  const input = option(args, '--in', 'bench/results/latest.json');
  const out = option(args, '--out', 'docs/benchmarks.md');
  const svg = option(args, '--svg', 'docs/benchmarks.svg');
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch {
    process.stderr.write(`cannot read ${input}: run \`npm run bench -- --json ${input}\` first, or pass --in FILE\n`);
    process.exitCode = 1;
    return;
  }
  const file: BenchFile = checkBenchFile(JSON.parse(text) as unknown, input);
  mkdirSync(dirname(out), { recursive: true });
  mkdirSync(dirname(svg), { recursive: true });
  const svgRef = dirname(svg) === dirname(out) ? basename(svg) : relative(dirname(out), svg);
  writeFileSync(out, `${renderMarkdown(file, { source: input, svg: svgRef, workloads: WORKLOADS })}\n`);
  writeFileSync(svg, renderSvg(file));
  process.stderr.write(`wrote ${out} and ${svg} from ${input}\n`);
}

main();

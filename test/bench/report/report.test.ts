import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../bench/report/markdown.js';
import { compactRate, escapeXml, niceStep, renderSvg } from '../../../bench/report/svg.js';
import { checkBenchFile } from '../../../bench/report/validate.js';
import type { BenchFile, BenchResult } from '../../../bench/results.js';
import { formatTable } from '../../../bench/table.js';
import { WORKLOADS } from '../../../bench/workloads.js';

function result(workload: string, recordsPerSec: number, floorRecordsPerSec: number): BenchResult {
  return {
    workload,
    mode: 'embedded',
    recordsPerSec,
    floorRecordsPerSec,
    ratioToFloor: Number((recordsPerSec / floorRecordsPerSec).toFixed(4)),
    cpuSeconds: 4.25,
    peakRssMb: 180,
    peer: null,
    extra: { records: 1_000_000, recordsOut: 650_000, seconds: 5, recordsPerCpuSecond: 235_294, description: 'x' },
  };
}

const FILE: BenchFile = {
  machine: {
    cpus: 2,
    cpuModel: 'AMD EPYC',
    memoryGb: 24,
    os: 'Linux 6.1',
    node: 'v20.20.2',
    sqlite: '3.53.2',
    betterSqlite3: '12.11.1',
    ksqlite: '0.1.0',
    commit: 'abc1234',
    loadAverageStart: [0.2, 0.1, 0.1],
    loadAverageEnd: [1.9, 1.2, 0.6],
  },
  settings: { records: 1_000_000, quick: false, seed: 0, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:04:00.000Z' },
  results: [result('filter-project', 200_000, 400_000), result('nexmark-q1', 150_000, 300_000)],
  skipped: [{ workload: 'nexmark-q5', mode: 'embedded', reason: 'Windowed aggregations are not supported yet.' }],
  failed: [],
  startupMs: 210,
};

describe('the benchmark page', () => {
  const md = renderMarkdown(FILE, { source: 'bench/results/latest.json', svg: 'benchmarks.svg', workloads: WORKLOADS });

  it('names the machine, its load and how the run was made', () => {
    expect(md).toContain('| CPU | 2 x AMD EPYC |');
    expect(md).toContain('| Node.js | v20.20.2 |');
    expect(md).toContain('| Load average (1, 5, 15 min) | 0.2, 0.1, 0.1 at start; 1.9, 1.2, 0.6 at end |');
    expect(md).toContain('1,000,000 records per workload');
    expect(md).toContain('from bench/results/latest.json');
  });

  it('has one table row per result, with rates, the ratio to the floor, CPU and memory', () => {
    expect(md).toContain('| filter-project | embedded | 200,000 | 400,000 | 50.0% | 4.25 | 235,294 | 180 | 650,000 | none |');
    expect(md).toContain('| nexmark-q1 | embedded | 150,000 | 300,000 | 50.0% | 4.25 | 235,294 | 180 | 650,000 | none |');
  });

  it('shows the chart, the skipped workloads with their reason, start-up time and every workload\'s SQL', () => {
    expect(md).toContain('](benchmarks.svg)');
    expect(md).toContain('- Skipped: **nexmark-q5** (embedded): Windowed aggregations are not supported yet.');
    expect(md).toContain('210 ms after the process starts');
    for (const w of WORKLOADS) expect(md).toContain(w.statement);
  });

  it('warns that figures are noisy when the machine was busy', () => {
    expect(md).toContain('The machine was shared during this run');
    const calm = renderMarkdown({ ...FILE, machine: { ...FILE.machine, loadAverageEnd: [0.3, 0.2, 0.1] } }, { source: 'f.json', svg: 'c.svg', workloads: [] });
    expect(calm).not.toContain('The machine was shared');
  });
});

describe('the benchmark chart', () => {
  const svg = renderSvg(FILE);

  it('is one SVG document with a bar for ksqlite and one for the floor per workload', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const bars = [...svg.matchAll(/<rect x="190" y="\d+" width="([\d.]+)" height="14" fill="(#[0-9a-f]+)">/g)];
    expect(bars.map((b) => b[2])).toEqual(['#2f6fb3', '#b8bec6', '#2f6fb3', '#b8bec6']);
    // Bars share one scale: ksqlite's bar is its ratio of the floor's.
    const w = bars.map((b) => Number(b[1]));
    expect(w[0]! / w[1]!).toBeCloseTo(0.5, 2);
    expect(w[2]! / w[3]!).toBeCloseTo(0.5, 2);
    expect(svg).toContain('200k/s, 50.0% of floor');
    expect(svg).toContain('skipped: nexmark-q5 (Windowed aggregations are not supported yet.)');
  });

  it('escapes text, so a workload name cannot break the document', () => {
    const odd = renderSvg({ ...FILE, results: [result('a<b & "c"', 10, 20)] });
    expect(odd).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(odd).not.toContain('a<b');
    expect(escapeXml(`'`)).toBe('&apos;');
  });

  it('labels the axis with round steps and short rates', () => {
    expect(niceStep(400_000)).toBe(100_000);
    expect(niceStep(130_000)).toBe(50_000);
    expect(niceStep(9)).toBe(2);
    expect([compactRate(50_000), compactRate(1_250_000), compactRate(123_456), compactRate(950)]).toEqual(['50k', '1.25M', '123k', '950']);
  });
});

describe('reading a results file', () => {
  it('accepts what the benchmark writes', () => {
    expect(checkBenchFile(JSON.parse(JSON.stringify(FILE)), 'r.json')).toEqual(FILE);
  });

  it('refuses a file that is not one, naming what is missing', () => {
    expect(() => checkBenchFile([], 'r.json')).toThrow('r.json is not a results file of `npm run bench -- --json`: not a JSON object');
    expect(() => checkBenchFile({ ...FILE, results: undefined }, 'r.json')).toThrow('no "results" list');
    expect(() => checkBenchFile({ ...FILE, results: [{ ...FILE.results[0], recordsPerSec: 'fast' }] }, 'r.json')).toThrow(
      'results[0].recordsPerSec is not a number',
    );
  });
});

describe('the console table', () => {
  it('aligns one row per result and lists skipped workloads with their reason', () => {
    const lines = formatTable(FILE).split('\n');
    expect(lines[0]).toMatch(/^workload\s+mode\s+records\/s\s+floor\/s\s+of floor\s+cpu s\s+records\/cpu s\s+peak RSS MB\s+records out$/);
    expect(lines[1]).toMatch(/^filter-project\s+embedded\s+200,000\s+400,000\s+50\.0%\s+4\.25\s+235,294\s+180\s+650,000$/);
    expect(lines[0]!.length).toBe(lines[1]!.length);
    expect(lines).toContain('skipped nexmark-q5 [embedded]: Windowed aggregations are not supported yet.');
  });
});

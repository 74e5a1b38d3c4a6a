// The bar chart of docs/benchmarks.svg, written as SVG text with no dependency: per workload, a
// bar for ksqlite's records/s and one for the floor measured next to it, on one linear scale,
// labelled with the value and the ratio.

import type { BenchFile } from '../results.js';

const WIDTH = 860;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 170;
const BAR_HEIGHT = 14;
const ROW_GAP = 14;
const TOP = 58;
const ENGINE_COLOR = '#2f6fb3';
const FLOOR_COLOR = '#b8bec6';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** 1, 2 or 5 times a power of ten: the tick step giving at most ~6 ticks up to `max`. */
export function niceStep(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / 6;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export function compactRate(n: number): string {
  // Number(...) drops trailing zeros: 50k, not 50.0k.
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(n >= 1e7 ? 0 : 2))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toFixed(n >= 1e5 ? 0 : 1))}k`;
  return String(Math.round(n));
}

export function renderSvg(file: BenchFile): string {
  const rows = file.results;
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, ...rows.flatMap((r) => [r.recordsPerSec, r.floorRecordsPerSec]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (v: number): number => LABEL_WIDTH + (v / top) * plot;
  const rowHeight = 2 * BAR_HEIGHT + ROW_GAP;
  const chartHeight = rows.length * rowHeight;
  const height = TOP + chartHeight + 40 + (file.skipped.length + file.failed.length) * 16;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>ksqlite throughput (records/s) next to the JSON floor</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LABEL_WIDTH}" y="20" font-size="14" font-weight="bold">Records per second, ${escapeXml(rows[0]?.mode ?? 'embedded')} mode, ${file.settings.records.toLocaleString('en-US')} records per workload</text>`,
    `<rect x="${LABEL_WIDTH}" y="30" width="12" height="10" fill="${ENGINE_COLOR}"/><text x="${LABEL_WIDTH + 16}" y="39">ksqlite</text>`,
    `<rect x="${LABEL_WIDTH + 80}" y="30" width="12" height="10" fill="${FLOOR_COLOR}"/><text x="${LABEL_WIDTH + 96}" y="39">floor: JSON.parse + JSON.stringify of the same records</text>`,
  );
  for (let v = 0; v <= top + step / 2; v += step) {
    const gx = x(v).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${TOP + chartHeight}" stroke="#e3e6ea"/>`,
      `<text x="${gx}" y="${TOP + chartHeight + 16}" text-anchor="middle" fill="#555">${compactRate(v)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = TOP + i * rowHeight;
    out.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT + 4}" text-anchor="end">${escapeXml(r.workload)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${(x(r.recordsPerSec) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${ENGINE_COLOR}"><title>${escapeXml(r.workload)}: ${r.recordsPerSec} records/s</title></rect>`,
      `<rect x="${LABEL_WIDTH}" y="${y + BAR_HEIGHT}" width="${(x(r.floorRecordsPerSec) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${FLOOR_COLOR}"><title>floor: ${r.floorRecordsPerSec} records/s</title></rect>`,
      `<text x="${(x(r.recordsPerSec) + 6).toFixed(1)}" y="${y + 11}">${compactRate(r.recordsPerSec)}/s, ${(r.ratioToFloor * 100).toFixed(1)}% of floor</text>`,
      `<text x="${(x(r.floorRecordsPerSec) + 6).toFixed(1)}" y="${y + BAR_HEIGHT + 11}" fill="#555">${compactRate(r.floorRecordsPerSec)}/s</text>`,
    );
  });
  let y = TOP + chartHeight + 40;
  for (const s of [...file.skipped.map((s) => ({ ...s, label: 'skipped' })), ...file.failed.map((s) => ({ ...s, label: 'failed' }))]) {
    out.push(`<text x="${LABEL_WIDTH}" y="${y}" fill="#555">${s.label}: ${escapeXml(s.workload)} (${escapeXml(s.reason)})</text>`);
    y += 16;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

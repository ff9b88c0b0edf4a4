import { SUBJECT_LABELS, type SubjectId } from '../bench.subjects';
import type { BenchResults } from './bench-results';
import { fmt } from './result-tables';

const PANELS = [
  { file: '13 B', figure: 'requestsPerSecond', unit: 'req/s' },
  { file: '1 MiB', figure: 'requestsPerSecond', unit: 'req/s' },
  { file: '100 MiB', figure: 'mebibytesPerSecond', unit: 'MiB/s' },
] as const;

const COLORS: Record<SubjectId, string> = {
  'library-express': '#1f77b4',
  'library-fastify': '#17becf',
  'express-sendfile': '#7f7f7f',
  'streamable-express': '#d62728',
  'streamable-fastify': '#ff9896',
  'nginx-static': '#2ca02c',
  'nginx-offload': '#98df8a',
  'nginx-hand': '#bcbd22',
  'nginx-offload-fastify': '#addd8e',
  'nginx-hand-fastify': '#dbdb8d',
  'offload-answer': '#9467bd',
  'decision-answer': '#e377c2',
  'hand-answer': '#c5b0d5',
  'hand-answer-intercepted': '#8c564b',
  'streamable-converted-express': '#e6550d',
  'streamable-converted-fastify': '#fdae6b',
  'json-module-express': '#393b79',
  'json-noop-express': '#9c9ede',
  'json-module-fastify': '#637939',
  'json-noop-fastify': '#cedb9c',
  'nginx-same-library': '#31a354',
  'nginx-same-hand': '#8c6d31',
  'nginx-same-streamable': '#74c476',
  'nginx-same-library-fastify': '#a1d99b',
  'nginx-same-hand-fastify': '#e7ba52',
  'nginx-same-streamable-fastify': '#c7e9c0',
  'zip-express': '#843c39',
  'zip-fastify': '#d6616b',
  's3-library-express': '#3182bd',
  's3-library-fastify': '#6baed6',
  's3-hand-express': '#756bb1',
  's3-hand-fastify': '#9e9ac8',
  's3-nginx-offload-express': '#a55194',
  's3-nginx-offload-fastify': '#ce6dbd',
  's3-nginx-direct': '#de9ed6',
  'links-nginx-static': '#006d2c',
  'links-nginx-verified': '#41ab5d',
  'links-lighttpd-static': '#7b4173',
  'links-lighttpd-verified': '#e7969c',
  'links-nginx-static-nofollow': '#a1d99b',
  'links-lighttpd-static-nofollow': '#fdd0a2',
};

const LABEL_WIDTH = 300;
const BAR_WIDTH = 420;
const ROW = 20;

/** A horizontal bar chart per file size (medians of one run), as a standalone SVG. */
export function svgChart(results: BenchResults): string {
  const parts: string[] = [];
  let y = 30;
  parts.push(text(10, 20, `nestjs-downloadview benchmark, ${results.meta.date} (${results.meta.tool}, medians)`, 'bold'));
  for (const panel of PANELS) {
    const cells = results.throughput.filter((c) => c.file === panel.file);
    if (cells.length === 0) continue;
    const max = Math.max(...cells.map((c) => c[panel.figure]));
    y += 20;
    parts.push(text(10, y, `${panel.file}: ${panel.unit}`, 'bold'));
    y += 8;
    for (const cell of cells) {
      const value = cell[panel.figure];
      const width = max > 0 ? Math.max(1, (value / max) * BAR_WIDTH) : 1;
      parts.push(text(10, y + 14, SUBJECT_LABELS[cell.subject]));
      parts.push(`<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${COLORS[cell.subject]}"/>`);
      parts.push(text(LABEL_WIDTH + width + 6, y + 14, fmt(value)));
      y += ROW;
    }
  }
  const height = y + 20;
  const totalWidth = LABEL_WIDTH + BAR_WIDTH + 90;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${height}" viewBox="0 0 ${totalWidth} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function text(x: number, y: number, content: string, weight?: 'bold'): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<text x="${x.toFixed(1)}" y="${y}"${weight ? ` font-weight="${weight}"` : ''}>${escaped}</text>`;
}

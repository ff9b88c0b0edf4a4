import { SUBJECT_LABELS } from '../bench.subjects';
import { ZIP_WAYS } from '../scenarios/zip.scenario';
import type { BenchResults } from './bench-results';
import { verdict } from './targets';

/** A table as rows of cells, the first row being the header. */
export type Table = string[][];

const REFERENCE = 'express-sendfile';
const SIZES = ['13 B', '1 MiB', '100 MiB'];

/**
 * Absolute figures (medians) per subject and file, each with its ratio to
 * Express res.sendFile in the same run, plus the peak RSS of its Node process.
 */
export function throughputTable(results: BenchResults): Table {
  const header = ['server', '13 B req/s', 'x', '1 MiB req/s', '1 MiB MiB/s', 'x', '100 MiB MiB/s', 'x', 'spread', 'peak RSS'];
  const find = (subject: string, file: string) => results.throughput.find((c) => c.subject === subject && c.file === file);
  const rows = results.subjects.map(({ id, peakRss }) => {
    const [tiny, one, hundred] = SIZES.map((file) => find(id, file));
    const ratio = (file: string, figure: 'requestsPerSecond' | 'mebibytesPerSecond') => {
      const mine = find(id, file);
      const reference = find(REFERENCE, file);
      return mine && reference ? `${(mine[figure] / reference[figure]).toFixed(2)}` : '';
    };
    const spreads = [tiny, one, hundred].filter((c) => c !== undefined).map((c) => c.spread);
    return [
      SUBJECT_LABELS[id],
      tiny ? fmt(tiny.requestsPerSecond) : '',
      ratio('13 B', 'requestsPerSecond'),
      one ? fmt(one.requestsPerSecond) : '',
      one ? fmt(one.mebibytesPerSecond) : '',
      ratio('1 MiB', 'requestsPerSecond'),
      hundred ? fmt(hundred.mebibytesPerSecond) : '',
      ratio('100 MiB', 'mebibytesPerSecond'),
      spreads.length && results.meta.runs > 1 ? `${Math.max(...spreads).toFixed(0)}%` : '',
      peakRss ? `${(peakRss / 1024 / 1024).toFixed(0)} MiB` : '',
    ];
  });
  return [header, ...rows];
}

/** P5 and P6 figures. */
export function memoryAndRangeTable(results: BenchResults): Table {
  const rows: Table = [['measure', 'server', 'figure']];
  for (const m of results.memory) {
    rows.push([
      `${m.downloads} concurrent ${m.file} downloads: RSS before -> peak`,
      SUBJECT_LABELS[m.subject],
      `${mib(m.baselineRss)} -> ${mib(m.peakRss)} MiB (+${mib(m.raise)} MiB), ${fmt(m.mebibytesPerSecond)} MiB/s`,
    ]);
  }
  const decision = (way: string) => results.decision.find((c) => c.way === way)?.micros;
  const [hand, decided, library] = ['hand', 'decision', 'library'].map(decision);
  if (hand !== undefined && decided !== undefined && library !== undefined) {
    rows.push([
      'one X-Accel answer in process (no HTTP): hand-written / decision in a plain handler / @Download() route through DownloadInterceptor',
      'library X-Accel answer',
      `${hand.toFixed(2)} / ${decided.toFixed(2)} / ${library.toFixed(2)} µs (the library adds ${(library - hand).toFixed(2)} µs)`,
    ]);
  }
  for (const r of results.ranges) {
    rows.push([
      `1 MiB range of ${r.file}: start / end req/s`,
      SUBJECT_LABELS[r.subject],
      `${fmt(r.startRequestsPerSecond)} / ${fmt(r.endRequestsPerSecond)} (end costs ${r.costRatio.toFixed(2)}x)`,
    ]);
  }
  return rows;
}

export function targetsTable(results: BenchResults): Table {
  return [
    ['target', 'what', 'measured', 'goal', 'result'],
    ...results.targets.map((t) => [t.id, t.what + (t.note ? ` (${t.note})` : ''), t.measured, t.goal, verdict(t)]),
  ];
}

/** 12,345 / 1,234 / 123 / 12.3 */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * CPU the serving processes (every thread; nginx's workers plus the app
 * behind them) spent per request, or per MiB for 100 MiB: steadier than req/s
 * when other work shares the machine.
 */
export function cpuTable(results: BenchResults): Table {
  const find = (subject: string, file: string) => results.throughput.find((c) => c.subject === subject && c.file === file);
  const reference = (file: string, figure: 'cpuMicrosPerRequest' | 'cpuMicrosPerMiB') => find(REFERENCE, file)?.[figure];
  const cellOf = (id: string, file: string, figure: 'cpuMicrosPerRequest' | 'cpuMicrosPerMiB') => {
    const cell = find(id, file);
    const ref = reference(file, figure);
    if (!cell) return ['', ''];
    return [fmt(cell[figure]), ref ? (cell[figure] / ref).toFixed(2) : ''];
  };
  const header = ['server', '13 B CPU µs/req', 'x', '1 MiB CPU µs/req', 'x', '100 MiB CPU µs/MiB', 'x'];
  const rows = results.subjects.map(({ id }) => [
    SUBJECT_LABELS[id],
    ...cellOf(id, '13 B', 'cpuMicrosPerRequest'),
    ...cellOf(id, '1 MiB', 'cpuMicrosPerRequest'),
    ...cellOf(id, '100 MiB', 'cpuMicrosPerMiB'),
  ]);
  return [header, ...rows];
}

/** P9: the 100 MiB file and the ZIP of its parts, per adapter; `x` is the ratio to the PathFile row of that adapter. */
export function zipTable(results: BenchResults): Table {
  const rows: Table = [['ZIP (P9)', 'adapter', 'body', 'req/s', 'MiB/s', 'x', 'CPU µs/MiB', 'spread']];
  for (const cell of results.zipThroughput) {
    const file = results.zipThroughput.find((c) => c.adapter === cell.adapter && c.way === 'pathfile');
    rows.push([
      ZIP_WAYS[cell.way].label,
      cell.adapter,
      `${cell.size.toLocaleString('en-US')} B`,
      fmt(cell.requestsPerSecond),
      fmt(cell.mebibytesPerSecond),
      file ? (cell.mebibytesPerSecond / file.mebibytesPerSecond).toFixed(2) : '',
      fmt(cell.cpuMicrosPerMiB),
      results.meta.runs > 1 ? `${cell.spread.toFixed(0)}%` : '',
    ]);
  }
  return rows;
}

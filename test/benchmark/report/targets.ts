import { SUBJECT_LABELS, type SubjectId } from '../bench.subjects';
import type { DecisionCell } from '../scenarios/decision.scenario';
import type { MemoryCell } from '../scenarios/memory.scenario';
import type { RangeCell } from '../scenarios/range.scenario';
import type { ThroughputCell } from '../scenarios/throughput.scenario';

/** One target checked against figures of the same run. */
export interface TargetResult {
  id: string;
  what: string;
  /** The measured ratio or amount, as shown. */
  measured: string;
  goal: string;
  /** undefined: not measured in this run (see `note`). */
  pass?: boolean;
  note?: string;
}

interface Measured {
  throughput: readonly ThroughputCell[];
  ranges: readonly RangeCell[];
  memory: readonly MemoryCell[];
  decision: readonly DecisionCell[];
}

const ADAPTERS = [
  ['Express', 'library-express', 'streamable-express'],
  ['Fastify', 'library-fastify', 'streamable-fastify'],
] as const;

const NGINX_ADAPTERS = [
  ['Express', 'nginx-offload', 'nginx-hand'],
  ['Fastify', 'nginx-offload-fastify', 'nginx-hand-fastify'],
] as const;

/** P1-P6 of issue 6 (P7 is a Jest test: test/core/p7-no-fd.e2e-spec.ts). */
export function evaluateTargets({ throughput, ranges, memory, decision }: Measured, notes: { biggest: string }): TargetResult[] {
  const cell = (subject: SubjectId, file: string) => throughput.find((c) => c.subject === subject && c.file === file);
  const ratio = (
    id: string,
    what: string,
    file: string,
    a: SubjectId,
    b: SubjectId,
    min: number,
    figure: 'requestsPerSecond' | 'mebibytesPerSecond',
  ): TargetResult => {
    const x = cell(a, file);
    const y = cell(b, file);
    const goal = `>= ${min.toFixed(2)}x`;
    if (!x || !y) return { id, what, measured: '-', goal, note: `not measured (${!x ? SUBJECT_LABELS[a] : SUBJECT_LABELS[b]} missing)` };
    const value = x[figure] / y[figure];
    return { id, what, measured: `${value.toFixed(2)}x`, goal, pass: value >= min };
  };

  const targets: TargetResult[] = [];
  for (const [adapter, library, streamable] of ADAPTERS) {
    targets.push(
      ratio('P1', `100 MiB MiB/s, library on ${adapter} vs Express res.sendFile`, '100 MiB', library, 'express-sendfile', 1.0, 'mebibytesPerSecond'),
      ratio('P1', `100 MiB MiB/s, library on ${adapter} vs Nest StreamableFile on ${adapter}`, '100 MiB', library, streamable, 1.4, 'mebibytesPerSecond'),
    );
  }
  for (const [adapter, library] of ADAPTERS) {
    targets.push(ratio('P2', `1 MiB req/s, library on ${adapter} vs Express res.sendFile`, '1 MiB', library, 'express-sendfile', 1.0, 'requestsPerSecond'));
  }
  for (const [adapter, offload] of NGINX_ADAPTERS) {
    targets.push(ratio('P3', `1 MiB req/s, nginx + library X-Accel (${adapter}) vs nginx static`, '1 MiB', offload, 'nginx-static', 0.9, 'requestsPerSecond'));
  }
  // P4 as deployed: the 13 B file sent by nginx after each app's answer, each
  // adapter against a hand-written handler on the same adapter; the bare answers
  // (no nginx) are shown too, as the strictest view of the decision's cost.
  for (const [adapter, offload, hand] of NGINX_ADAPTERS) {
    targets.push(ratio('P4', `13 B req/s through nginx, library X-Accel answer vs hand-written one (${adapter})`, '13 B', offload, hand, 0.95, 'requestsPerSecond'));
  }
  const bare = ratio('P4', '13 B req/s, the bare answers without nginx (Express, for information)', '13 B', 'offload-answer', 'hand-answer', 0.95, 'requestsPerSecond');
  targets.push({ ...bare, pass: undefined, note: bare.note ?? 'informative: the decision alone, no file sent' });
  // The same comparison without the noise of a shared machine's loopback: what the
  // library adds in process, over the CPU the hand-written answer costs per request.
  const hand = decision.find((c) => c.way === 'hand');
  const library = decision.find((c) => c.way === 'library');
  const handCpu = cell('hand-answer', '13 B')?.cpuMicrosPerRequest;
  if (hand && library && handCpu) {
    const estimate = handCpu / (handCpu + library.micros - hand.micros);
    targets.push({
      id: 'P4',
      what: `13 B, the library's added in-process cost (${(library.micros - hand.micros).toFixed(2)} µs) over the hand-written answer's CPU per request (${handCpu.toFixed(0)} µs)`,
      measured: `${estimate.toFixed(2)}x`,
      goal: '>= 0.95x',
      note: 'informative: an estimate without HTTP noise',
    });
  }

  const partial = notes.biggest !== '1 GiB' ? `measured on ${notes.biggest} (the quick run has no 1 GiB file)` : undefined;
  for (const [adapter, library] of ADAPTERS) {
    const m = memory.find((c) => c.subject === library);
    const goal = '<= 32 MiB';
    targets.push(
      m
        ? { id: 'P5', what: `RSS raise, 4 concurrent ${m.file} downloads, library on ${adapter}`, measured: `${(m.raise / 1024 / 1024).toFixed(1)} MiB`, goal, pass: m.raise <= 32 * 1024 * 1024, note: partial }
        : { id: 'P5', what: `RSS raise, 4 concurrent downloads, library on ${adapter}`, measured: '-', goal, note: 'not measured' },
    );
  }
  for (const [adapter, library] of ADAPTERS) {
    const r = ranges.find((c) => c.subject === library);
    const goal = '<= 1.20x';
    targets.push(
      r
        ? { id: 'P6', what: `1 MiB range at the end vs the start of ${r.file}, library on ${adapter}`, measured: `${r.costRatio.toFixed(2)}x`, goal, pass: r.costRatio <= 1.2, note: partial }
        : { id: 'P6', what: `1 MiB range at the end vs the start, library on ${adapter}`, measured: '-', goal, note: 'not measured' },
    );
  }
  return targets;
}

/** PASS, FAIL or `n/a`. */
export function verdict(target: TargetResult): string {
  return target.pass === undefined ? 'n/a' : target.pass ? 'PASS' : 'FAIL';
}

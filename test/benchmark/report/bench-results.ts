import type { SubjectId } from '../bench.subjects';
import type { DecisionCell } from '../scenarios/decision.scenario';
import type { MemoryCell } from '../scenarios/memory.scenario';
import type { RangeCell } from '../scenarios/range.scenario';
import type { ThroughputCell } from '../scenarios/throughput.scenario';
import type { ZipThroughputCell } from '../scenarios/zip.scenario';
import type { TargetResult } from './targets';

/** Everything one run measured, as written to bench-results/bench.json. */
export interface BenchResults {
  meta: {
    date: string;
    commit: string;
    node: string;
    cpu: string;
    cores: number;
    tool: string;
    quick: boolean;
    runs: number;
    duration: number;
    connections: number;
    seconds: number;
    /** What this run could not measure, or measured with a caveat. */
    notes: string[];
  };
  subjects: { id: SubjectId; label: string; peakRss?: number }[];
  throughput: ThroughputCell[];
  ranges: RangeCell[];
  memory: MemoryCell[];
  /** P4 without HTTP: the in-process cost of each way of answering. */
  decision: DecisionCell[];
  /** P9: the 100 MiB file and the ZIP of its 100 x 1 MiB parts, on each adapter (ZIP memory and ranges are in `memory` and `ranges`). */
  zipThroughput: ZipThroughputCell[];
  targets: TargetResult[];
}

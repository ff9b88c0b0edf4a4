import fc from 'fast-check';

/**
 * Every property of test/properties runs with a fixed seed, so a run is
 * reproducible; fast-check prints the seed and the shrunk counterexample's
 * `path` when a property fails. `FC_SEED=<n>` explores other inputs;
 * `FC_RUNS_FACTOR=<k>` multiplies every property's number of runs (the
 * defaults keep the whole set near 30 s on two shared cores).
 */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 14_092_024);

const factor = Number(process.env.FC_RUNS_FACTOR ?? 1);

/** fast-check parameters for a property run `numRuns` times (times FC_RUNS_FACTOR). */
export function runs(numRuns: number): fc.Parameters<unknown> {
  return { seed: PROPERTY_SEED, numRuns: Math.max(1, Math.round(numRuns * factor)), endOnFailure: true };
}

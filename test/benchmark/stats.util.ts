/** The median of some numbers (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `items` rotated left by `by`: round r of an interleaved A/B/C order starts at item r. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Spread of the runs around their median, in percent ((max - min) / median). */
export function spreadPercent(values: readonly number[]): number {
  const mid = median(values);
  return mid ? ((Math.max(...values) - Math.min(...values)) / mid) * 100 : NaN;
}

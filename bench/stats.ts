// Latency figures from a run of timings: the median and the 99th percentile, in milliseconds (for reference:
// the bench's figures are ratios against a floor measured in the same run).
export interface Latency {
  runs: number;
  p50Ms: number;
  p99Ms: number;
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function latencies(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: sorted.length, p50Ms: round(quantile(sorted, 0.5)), p99Ms: round(quantile(sorted, 0.99)) };
}

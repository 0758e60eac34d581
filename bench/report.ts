export interface Row {
  name: string;
  rate: number;
  unit: string;
  /** Baseline rate measured in the same run; the ratio is rate / baseline. */
  baseline?: number;
  /** The ratio the issue asks for (≥). */
  target?: number;
  p50?: number;
  p99?: number;
  note?: string;
}

export function percentiles(latenciesMs: number[]): { p50: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

export function print(rows: Row[]): void {
  const lines = rows.map((r) => {
    const ratio = r.baseline ? r.rate / r.baseline : undefined;
    const verdict = ratio !== undefined && r.target !== undefined ? (ratio >= r.target ? `ok (target ≥ ${r.target})` : `BELOW target ${r.target}`) : '';
    const lat = r.p50 !== undefined ? `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99?.toFixed(2)} ms` : '';
    return `${r.name.padEnd(58)} ${r.rate.toFixed(0).padStart(8)} ${r.unit.padEnd(10)} ${ratio !== undefined ? `ratio ${ratio.toFixed(2)}` : ''.padEnd(10)} ${verdict} ${lat} ${r.note ?? ''}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

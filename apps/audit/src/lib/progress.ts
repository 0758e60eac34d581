import { SingleBar } from 'cli-progress';

/** Where long work reports how far it got. */
export interface Progress {
  start(label: string, total: number): void;
  update(done: number): void;
  stop(done: number): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

function formatRate(perSecond: number): string {
  return perSecond >= 10_000 ? `${Math.round(perSecond / 1000)}k` : String(Math.round(perSecond));
}

/**
 * A progress bar with rate and ETA on a terminal; on anything else (CI logs, pipes) a plain line
 * every few seconds. Always on stderr, so stdout carries only the result (and `--json`).
 */
export function progressFor(stream: NodeJS.WriteStream, options: { plainIntervalMs?: number } = {}): Progress {
  let label = '';
  let total = 0;
  let started = 0;
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: '{label} [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta_formatted}', stream, hideCursor: true, etaBuffer: 50, fps: 5 },
    );
    const rate = (done: number) => formatRate(done / Math.max(0.001, (Date.now() - started) / 1000));
    return {
      start(name, count) {
        label = name;
        total = count;
        started = Date.now();
        bar.start(Math.max(total, 1), 0, { label, rate: '0' });
      },
      update(done) {
        bar.update(Math.min(done, Math.max(total, 1)), { rate: rate(done) });
      },
      stop(done) {
        bar.update(Math.min(done, Math.max(total, 1)), { rate: rate(done) });
        bar.stop();
      },
    };
  }
  const interval = options.plainIntervalMs ?? 5000;
  let last = 0;
  const line = (done: number, final = false) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const perSecond = done / seconds;
    const eta = perSecond > 0 && total > done ? Math.ceil((total - done) / perSecond) : 0;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    stream.write(`${label}: ${done}/${total} events (${percent}%), ${formatRate(perSecond)}/s${final ? `, done in ${seconds.toFixed(1)} s` : `, ETA ${eta} s`}\n`);
  };
  return {
    start(name, count) {
      label = name;
      total = count;
      started = Date.now();
      last = started;
      line(0);
    },
    update(done) {
      if (Date.now() - last < interval) return;
      last = Date.now();
      line(done);
    },
    stop(done) {
      line(done, true);
    },
  };
}

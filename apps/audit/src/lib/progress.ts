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
  const plain = plainProgress(stream, options.plainIntervalMs ?? 5000);
  let label = '';
  let total = 0;
  let started = 0;
  let delegate: Progress | undefined;
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: '{label} [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta_formatted}', stream, hideCursor: true, etaBuffer: 50, fps: 5 },
    );
    const rate = (done: number) => formatRate(done / Math.max(0.001, (Date.now() - started) / 1000));
    return {
      start(name, count) {
        // Without a known total a bar means nothing: plain lines instead.
        delegate = count > 0 ? undefined : plain;
        if (delegate) return delegate.start(name, count);
        label = name;
        total = count;
        started = Date.now();
        bar.start(total, 0, { label, rate: '0' });
      },
      update(done) {
        if (delegate) return delegate.update(done);
        bar.update(Math.min(done, total), { rate: rate(done) });
      },
      stop(done) {
        if (delegate) return delegate.stop(done);
        bar.update(Math.min(done, total), { rate: rate(done) });
        bar.stop();
      },
    };
  }
  return plain;
}

function plainProgress(stream: NodeJS.WriteStream, interval: number): Progress {
  let label = '';
  let total = 0;
  let started = 0;
  let last = 0;
  const line = (done: number, final = false) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const perSecond = done / seconds;
    const eta = perSecond > 0 && total > done ? Math.ceil((total - done) / perSecond) : 0;
    const known = total > 0;
    const percent = known ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const counted = known ? `${done}/${total} events (${final ? 100 : percent}%)` : `${done} events`;
    stream.write(`${label}: ${counted}, ${formatRate(perSecond)}/s${final ? `, done in ${seconds.toFixed(1)} s` : known ? `, ETA ${eta} s` : ''}\n`);
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

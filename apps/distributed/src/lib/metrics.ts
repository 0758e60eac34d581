import { AppendOptions, AppendResult, DomainError, EventStore, NewEvent, ReadAllOptions, RecordedEvent, Subscription, SubscriptionOptions } from '@credit-bank/kernel';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';

/**
 * The Prometheus metrics of one process of the distributed profile (`GET /metrics`): Node's
 * default process metrics and the application's own, all prefixed `credit_bank_` and labelled
 * with the service.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly messages: Counter<'pattern' | 'kind' | 'outcome' | 'code'>;
  readonly messageSeconds: Histogram<'pattern' | 'kind'>;
  readonly eventsAppended: Counter<'service'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpSeconds: Histogram<'method' | 'route'>;
  /** Patterns of the integration-event handlers (the rest are requests). */
  readonly eventPatterns = new Set<string>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'credit_bank_' });
    this.messages = new Counter({
      name: 'credit_bank_messages_handled_total',
      help: 'Bus messages handled by this process: requests (commands and queries) and integration events, by pattern and outcome (ok, or the error code)',
      labelNames: ['pattern', 'kind', 'outcome', 'code'],
      registers: [this.registry],
    });
    this.messageSeconds = new Histogram({
      name: 'credit_bank_message_duration_seconds',
      help: 'Time to handle a bus message',
      labelNames: ['pattern', 'kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.eventsAppended = new Counter({ name: 'credit_bank_events_appended_total', help: 'Events appended to the event store by this process', labelNames: ['service'], registers: [this.registry] });
    this.httpRequests = new Counter({ name: 'credit_bank_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.httpSeconds = new Histogram({
      name: 'credit_bank_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** A gauge whose value is computed at each scrape (`collect` may be slow: it is bounded by the caller). */
  gauge<L extends string>(name: string, help: string, labelNames: L[], collect: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Counts appends (the events, not the calls); everything else goes to the adapter as it is. */
export class MeteredEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: ServiceMetrics,
  ) {}

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    this.metrics.eventsAppended.inc({ service: this.metrics.service }, events.length);
    return result;
  }

  readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, fromRevision);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The error code a failed message is counted under (a DomainError's code, else INTERNAL). */
function codeOf(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (DomainError.isPayload(error)) return error.code;
  return 'INTERNAL';
}

/** Counts and times every bus message (global interceptor of the hybrid app; HTTP is left alone). */
@Injectable()
export class MessageMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc().getContext() as { getPattern?: () => string } | undefined;
    const pattern = rpc?.getPattern?.() ?? 'unknown';
    const kind = this.metrics.eventPatterns.has(pattern) ? 'event' : 'request';
    const stop = this.metrics.messageSeconds.startTimer({ pattern, kind });
    return next.handle().pipe(
      tap({
        complete: () => {
          stop();
          this.metrics.messages.inc({ pattern, kind, outcome: 'ok', code: '' });
        },
        error: (error: unknown) => {
          stop();
          this.metrics.messages.inc({ pattern, kind, outcome: 'error', code: codeOf(error) });
        },
      }),
    );
  }
}

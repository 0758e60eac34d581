import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import { Observable, throwError, TimeoutError } from 'rxjs';
import { InProcessBroker } from './in-process.broker';
import { InProcessEvents } from './in-process.server';
import { SerializedPayload, toJson } from './wire';

export interface InProcessClientOptions {
  /**
   * Fails a request with rxjs' `TimeoutError` when no reply came within this many ms.
   * Default: no timeout (callers usually pipe their own `timeout`).
   */
  requestTimeoutMs?: number;
}

/**
 * The client side of the in-process transport: a Nest `ClientProxy` on an {@link InProcessBroker}.
 * `send(pattern, data)` is request-reply (an Observable of the reply, failing with the server's
 * error object, or with a NoMessageHandlerError when no server answers the pattern);
 * `emit(pattern, data)` publishes an event to every subscribed server and completes once the
 * broker has queued it. `data` is serialized to JSON when `send`/`emit` is called, so changes the
 * caller makes afterwards are not sent, and nothing the receiver does reaches back.
 */
export class InProcessClient extends ClientProxy<InProcessEvents> {
  private readonly emitter = new EventEmitter();
  private readonly pending = new Map<number, (packet: WritePacket) => void>();
  private sequence = 0;
  private connected = false;

  constructor(
    private readonly broker: InProcessBroker,
    private readonly options: InProcessClientOptions = {},
  ) {
    super();
  }

  async connect(): Promise<InProcessBroker> {
    if (!this.connected) {
      this.connected = true;
      this._status$.next('connected');
      this.emitter.emit('connect');
    }
    return this.broker;
  }

  /** Disconnects; requests still waiting fail with `Connection closed` (as with ClientTCP). */
  async close(): Promise<void> {
    const waiting = [...this.pending.values()];
    for (const deliver of waiting) deliver({ err: new Error('Connection closed'), isDisposed: true });
    if (this.connected) {
      this.connected = false;
      this._status$.next('disconnected');
      this.emitter.emit('close');
    }
  }

  override on<EventKey extends keyof InProcessEvents = keyof InProcessEvents, EventCallback extends InProcessEvents[EventKey] = InProcessEvents[EventKey]>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    this.emitter.on(event, callback);
  }

  /** The broker this client talks to. */
  unwrap<T>(): T {
    return this.broker as unknown as T;
  }

  override send<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    if (data === null || data === undefined) return super.send(pattern, data);
    let payload: SerializedPayload;
    try {
      payload = SerializedPayload.of(data);
    } catch (error) {
      return throwError(() => error);
    }
    return super.send<TResult>(pattern, payload);
  }

  override emit<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    if (data === null || data === undefined) return super.emit(pattern, data);
    let payload: SerializedPayload;
    try {
      payload = SerializedPayload.of(data);
    } catch (error) {
      return throwError(() => error);
    }
    return super.emit<TResult>(pattern, payload);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    let data: string | undefined;
    try {
      data = toJson(packet.data);
    } catch (err) {
      callback({ err, isDisposed: true });
      return () => undefined;
    }
    const id = ++this.sequence;
    let timer: NodeJS.Timeout | undefined;
    let cancel: () => void = () => undefined;
    const finish = (): void => {
      this.pending.delete(id);
      if (timer) clearTimeout(timer);
      cancel();
    };
    const deliver = (reply: WritePacket): void => {
      if (!this.pending.has(id)) return;
      if (reply.err !== undefined || reply.isDisposed) finish();
      callback(reply);
    };
    this.pending.set(id, deliver);
    cancel = this.broker.request(pattern, data, deliver);
    const timeoutMs = this.options.requestTimeoutMs;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      timer = setTimeout(() => deliver({ err: new TimeoutError({ meta: { pattern }, seen: 0, lastValue: null }), isDisposed: true }), timeoutMs);
    }
    return finish;
  }

  protected async dispatchEvent<T = any>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    this.broker.publish(pattern, toJson(packet.data));
    return undefined as T;
  }
}

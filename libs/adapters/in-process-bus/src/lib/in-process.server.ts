import { CustomTransportStrategy, MessageHandler, Server, WritePacket } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import { lastValueFrom, Observable, takeLast, throwError } from 'rxjs';
import { InProcessBroker, InProcessReply } from './in-process.broker';
import { InProcessContext } from './in-process.context';
import { errorMessage, errorToWire, fromJson } from './wire';

/** The transport id of the in-process transport (for `@MessagePattern(pattern, IN_PROCESS_TRANSPORT)` in hybrid apps). */
export const IN_PROCESS_TRANSPORT = Symbol.for('credit-bank/in-process-transport');

/** The statuses servers and clients report on `status`. */
export type InProcessStatus = 'connected' | 'disconnected';

/** Events `on()` can listen to, on servers and clients alike. */
export type InProcessEvents = {
  connect: () => void;
  close: () => void;
};

export interface InProcessServerOptions {
  /** A name for logs and errors (which service claimed a pattern). Default `in-process server #n`. */
  name?: string;
}

let serverCount = 0;

/**
 * The server side of the in-process transport, a Nest custom transport strategy:
 * `NestFactory.createMicroservice(AppModule, { strategy: new InProcessServer(broker) })`.
 *
 * On `listen` it registers the app's `@MessagePattern` handlers (one per pattern across the broker)
 * and subscribes its `@EventPattern` handlers; `close` takes them back. Payloads arrive as fresh
 * objects parsed from JSON, and replies leave as JSON, as over a network. A request's reply is the
 * last value its handler returns or emits; an error (an RpcException, or what the app's exception
 * filter makes of any error) reaches the client as the error object of the observable.
 */
export class InProcessServer extends Server implements CustomTransportStrategy {
  readonly name: string;
  private readonly emitter = new EventEmitter();
  private registrations: Array<() => void> = [];

  constructor(
    private readonly broker: InProcessBroker,
    options: InProcessServerOptions = {},
  ) {
    super();
    this.transportId = IN_PROCESS_TRANSPORT;
    this.name = options.name ?? `in-process server #${++serverCount}`;
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    try {
      this.unregister();
      for (const [pattern, handler] of this.messageHandlers) {
        const unregister = handler.isEventHandler
          ? this.broker.subscribe(pattern, (data, attempt) => this.handleInProcessEvent(pattern, handler, data, attempt), this.name)
          : this.broker.registerRequestHandler(pattern, (data, reply) => this.handleRequest(pattern, handler, data, reply), this.name);
        this.registrations.push(unregister);
      }
    } catch (error) {
      this.unregister();
      callback(error);
      return;
    }
    this._status$.next('connected');
    this.emitter.emit('connect');
    callback();
  }

  close(): void {
    this.unregister();
    this._status$.next('disconnected');
    this.emitter.emit('close');
  }

  /** Listens to `connect` (after listen) and `close`; see {@link InProcessEvents}. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's own signature (Server#on)
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    this.emitter.on(event, callback as unknown as (...args: unknown[]) => void);
  }

  /** The broker this server is attached to. */
  unwrap<T>(): T {
    return this.broker as unknown as T;
  }

  private unregister(): void {
    const registrations = this.registrations;
    this.registrations = [];
    for (const unregister of registrations) unregister();
  }

  private handleRequest(pattern: string, handler: MessageHandler, data: string | undefined, reply: (packet: InProcessReply) => void): void {
    const context = new InProcessContext([pattern, 1]);
    let payload: unknown;
    try {
      payload = fromJson(data);
    } catch (error) {
      reply({ err: { status: 'error', message: `Malformed request payload: ${errorMessage(error)}` }, isDisposed: true });
      return;
    }
    const transportId = this.transportId ?? IN_PROCESS_TRANSPORT;
    this.onProcessingStartHook(transportId, context, async () => {
      let response$: Observable<unknown>;
      try {
        response$ = this.transformToObservable(await handler(payload, context)) as Observable<unknown>;
      } catch (error) {
        response$ = throwError(() => error);
      }
      // Like the built-in servers, through Server#send (replies on the next tick, in order).
      this.send(response$.pipe(takeLast(1)), (packet) => {
        this.onProcessingEndHook?.(transportId, context);
        reply(toWire(packet));
      });
    });
  }

  private handleInProcessEvent(pattern: string, handler: MessageHandler, data: string | undefined, attempt: number): Promise<void> {
    const context = new InProcessContext([pattern, attempt]);
    const payload = fromJson(data);
    const transportId = this.transportId ?? IN_PROCESS_TRANSPORT;
    return new Promise<void>((resolve, reject) => {
      const run = async (): Promise<void> => {
        try {
          const result = await handler(payload, context);
          // Handled means the handler's promise or observable completed without an error.
          await lastValueFrom(this.transformToObservable(result) as Observable<unknown>, { defaultValue: undefined });
          resolve();
        } catch (error) {
          reject(error);
        } finally {
          this.onProcessingEndHook?.(transportId, context);
        }
      };
      try {
        this.onProcessingStartHook(transportId, context, run);
      } catch (error) {
        reject(error);
      }
    });
  }
}

/** A reply packet as it would leave over a network: errors shaped like Nest's, everything through JSON. */
function toWire(packet: WritePacket): InProcessReply {
  const wire: InProcessReply = {};
  if (packet.err !== undefined) wire.err = errorToWire(packet.err);
  if (packet.response !== undefined) wire.response = packet.response;
  if (packet.isDisposed) wire.isDisposed = true;
  try {
    return JSON.parse(JSON.stringify(wire)) as InProcessReply;
  } catch (error) {
    return { err: { status: 'error', message: `The reply could not be serialized: ${errorMessage(error)}` }, isDisposed: true };
  }
}

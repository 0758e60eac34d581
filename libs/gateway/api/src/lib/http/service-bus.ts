import { Actor, BusEnvelope } from '@credit-bank/contracts';
import { DomainError } from '@credit-bank/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { GATEWAY_OPTIONS, GatewayOptions, SERVICE_CLIENTS, ServiceClients, ServiceName } from '../tokens';
import { currentCommand, notePending } from './command-outcome';
import { ProblemException } from './problem';

/** The gateway reaches the services only through this: request-reply on the bus port. */
@Injectable()
export class ServiceBus {
  constructor(
    @Inject(SERVICE_CLIENTS) private readonly clients: ServiceClients,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  /** `clientAddress` goes along where the service limits attempts per address (a @ClientAddress() of the route). */
  async call<R>(service: ServiceName, pattern: string, payload: unknown, actor: Actor | null, correlationId: string, clientAddress?: string): Promise<R> {
    const command = currentCommand();
    const idempotencyKey = command?.idempotencyKey;
    const envelope: BusEnvelope<unknown> = { meta: { actor, correlationId, ...(clientAddress ? { clientAddress } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) }, payload };
    try {
      return notePending(await firstValueFrom(this.clients[service].send<R>(pattern, envelope).pipe(timeout(this.options.requestTimeoutMs))));
    } catch (error) {
      if (DomainError.isPayload(error)) throw new ProblemException(error);
      if (error instanceof TimeoutError) {
        // A command may have been carried out (or may still be): the outcome is unknown, and the
        // same request with the same key is answered with the first outcome where the service keeps them.
        throw new ProblemException({
          code: 'GATEWAY.SERVICE_TIMEOUT',
          kind: 'unavailable',
          message: command
            ? `The ${service} service did not answer in time: the outcome is unknown; repeating the request with the same Idempotency-Key (${idempotencyKey}) is safe.`
            : `The ${service} service did not answer in time.`,
          details: { retryAfterSeconds: 5, ...(command ? { outcome: 'unknown', idempotencyKey } : {}) },
        });
      }
      const message = error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error);
      throw new ProblemException({ code: 'GATEWAY.SERVICE_UNAVAILABLE', kind: 'unavailable', message: `The ${service} service is unavailable: ${message}` });
    }
  }
}

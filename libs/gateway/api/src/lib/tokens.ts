import { ClientProxy } from '@nestjs/microservices';

export type ServiceName = 'identity' | 'catalog' | 'ledger';
export type ServiceClients = Record<ServiceName, ClientProxy>;

/** The bus clients (in-process or Kafka), one per service, chosen by the composition root. */
export const SERVICE_CLIENTS = Symbol.for('credit-bank/ServiceClients');

export interface GatewayOptions {
  jwtSecret: string;
  /** Largest accepted evidence upload, bytes. */
  maxUploadBytes: number;
  /** Request-reply timeout towards the services, ms. */
  requestTimeoutMs: number;
}
export const GATEWAY_OPTIONS = Symbol.for('credit-bank/GatewayOptions');

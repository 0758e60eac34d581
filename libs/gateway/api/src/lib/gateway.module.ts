import { BLOB_STORE, BlobStore } from '@credit-bank/kernel';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { createSecretKey, randomUUID } from 'node:crypto';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { GATEWAY_CONTROLLERS } from './controllers';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ServiceBus } from './http/service-bus';
import { GATEWAY_OPTIONS, GatewayOptions, SERVICE_CLIENTS, ServiceClients } from './tokens';

export interface GatewayModuleOptions extends GatewayOptions {
  clients: ServiceClients;
  logLevel: string;
  /** Where evidence files go: the gateway streams uploads into it and hands the ledger a reference. */
  blobStore?: BlobStore;
}

@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    const { clients, logLevel, blobStore, ...gatewayOptions } = options;
    // A KeyObject made once: given a string, jsonwebtoken re-derives a key (after a failed
    // public-key parse) on every verification, which was a fifth of the gateway's CPU under load.
    const verificationKey = createSecretKey(Buffer.from(gatewayOptions.jwtSecret, 'utf8'));
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: logLevel,
            genReqId: (req) => (req.headers['x-correlation-id'] as string | undefined) ?? randomUUID(),
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          },
        }),
        TerminusModule,
        JwtModule.register({ secretOrKeyProvider: () => verificationKey, verifyOptions: { algorithms: ['HS256'] } }),
        // Named limits applied per route with @Throttle; no global limit on ordinary traffic.
        ThrottlerModule.forRoot([{ name: 'auth', ttl: 60_000, limit: 30 }]),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: SERVICE_CLIENTS, useValue: clients },
        { provide: GATEWAY_OPTIONS, useValue: gatewayOptions },
        ServiceBus,
        ...(blobStore ? [{ provide: BLOB_STORE, useValue: blobStore }] : []),
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}

import { BLOB_STORE, BlobStore } from '@credit-bank/kernel';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { createSecretKey } from 'node:crypto';
import { ACCESS_TOKEN_VERIFY_OPTIONS, JwtAuthGuard } from './auth/jwt-auth.guard';
import { GATEWAY_CONTROLLERS } from './controllers';
import { correlationIdOf } from './http/hardening';
import { CommandOutcomeInterceptor } from './http/command-outcome';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ServiceBus } from './http/service-bus';
import { GATEWAY_OPTIONS, GatewayOptions, SERVICE_CLIENTS, ServiceClients } from './tokens';

export interface GatewayModuleOptions extends GatewayOptions {
  clients: ServiceClients;
  logLevel: string;
  /** Where evidence files go: the gateway streams uploads into it and hands the ledger a reference. */
  blobStore?: BlobStore;
  /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-For names the client address every limit counts. Default: none. */
  trustProxy?: boolean | number | string[];
}

@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- trustProxy is the bootstrap's
    const { clients, logLevel, blobStore, trustProxy, ...gatewayOptions } = options;
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
            // Fastify made the request's id (bootstrap.ts: the client's well-formed x-correlation-id, or a new one).
            genReqId: (req) => (req as { id?: unknown }).id?.toString() ?? correlationIdOf(req),
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          },
        }),
        TerminusModule,
        JwtModule.register({ secretOrKeyProvider: () => verificationKey, verifyOptions: ACCESS_TOKEN_VERIFY_OPTIONS }),
        // Limits applied per route with @Throttle; no global limit on ordinary traffic. Named
        // 'default' so the guard's header is a plain Retry-After (another name is a suffix).
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 30 }]),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: SERVICE_CLIENTS, useValue: clients },
        { provide: GATEWAY_OPTIONS, useValue: gatewayOptions },
        ServiceBus,
        ...(blobStore ? [{ provide: BLOB_STORE, useValue: blobStore }] : []),
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: CommandOutcomeInterceptor },
      ],
    };
  }
}

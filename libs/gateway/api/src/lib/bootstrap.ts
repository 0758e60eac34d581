import multipart from '@fastify/multipart';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { RegisterIndividualDto, RegisterInstitutionDto } from '@credit-bank/contracts';
import { GATEWAY_CONTROLLERS } from './controllers';
import { AllowedMethods } from './http/allowed-methods';
import { strictDocument } from './http/openapi/strict-document';
import { correlationIdOf, hardenGateway } from './http/hardening';
import { createValidationPipe } from './http/validation.pipe';
import { GatewayModule, GatewayModuleOptions } from './gateway.module';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP gateway on Fastify: /api/v1, OpenAPI at /api/docs, health at /health/*. */
export async function createGateway(options: GatewayModuleOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // The client's x-correlation-id only when short and well-formed (correlationIdOf), else a new one.
    requestIdHeader: false,
    genReqId: correlationIdOf,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Close keep-alive sockets on shutdown so a stop never waits for idle clients.
    forceCloseConnections: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(options), adapter, {
    bufferLogs: true,
    // JSON bodies are parsed by the gateway's own depth-limited parser (http/hardening.ts).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Before init registers the routes: 405 with Allow for a known path with another method.
  AllowedMethods.collect(app.getHttpAdapter().getInstance());
  await hardenGateway(app);
  await app.register(multipart as never, { limits: { fileSize: options.maxUploadBytes, files: 1, fields: 10 } });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health/live', method: RequestMethod.GET }, { path: 'health/ready', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Credit Bank API')
      .setDescription(
        'Lifelong-education credit bank (学分银行): accounts, the achievement catalogue and the learner ledger. ' +
          'Errors are application/problem+json (RFC 9457) with a stable `code`; their `title`, `detail` and field messages are ' +
          'in Simplified Chinese unless Accept-Language prefers English (`en`, q-values honoured), as Content-Language says. ' +
          'The forms’ code lists (国籍, 民族, 省/市/区, 证书等级, 文化程度) are under /reference.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'From POST /sessions. Refused with 401 AUTH.TOKEN_REVOKED after 安全退出 (DELETE /sessions/current) and after a password change or reset.',
      })
      .build(),
  );
  strictDocument(document, GATEWAY_CONTROLLERS, [RegisterIndividualDto, RegisterInstitutionDto]);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

import { Controller, Get, Header, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ServiceMetrics } from './metrics';
import { errorText, ServiceProbes } from './probes';

/**
 * `/health/live` (the process answers), `/health/ready` (Kafka, the event store, MongoDB and the
 * projections are fine) and `/metrics` (Prometheus) of a service process of the distributed profile.
 */
@Controller()
export class ServiceOpsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: ServiceProbes,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Get('health/live')
  @HealthCheck()
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ pid: process.pid, service: this.probes.service })]);
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    const check = (name: string, probe: () => Promise<Record<string, unknown> | void>) => async () => {
      const indicator = this.indicators.check(name);
      try {
        return indicator.up((await probe()) ?? {});
      } catch (error) {
        return indicator.down({ message: errorText(error) });
      }
    };
    return this.health.check([
      check('kafka', () => this.probes.pingKafka()),
      check('eventStore', async () => ({ headPosition: await this.probes.head() })),
      check('mongodb', () => this.probes.pingMongo()),
      async () => {
        const indicator = this.indicators.check('projections');
        const { position, failed } = this.probes.projections();
        return failed.length ? indicator.down({ position, failed }) : indicator.up({ position });
      },
    ]);
  }

  @Get('metrics')
  @Header('cache-control', 'no-store')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.text();
    await reply.header('content-type', this.metrics.contentType).send(text);
  }
}

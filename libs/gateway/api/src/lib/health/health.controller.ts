import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { firstValueFrom, timeout } from 'rxjs';
import { Public } from '../auth/auth.decorators';
import { SERVICE_CLIENTS, ServiceClients, ServiceName } from '../tokens';

/** Liveness: the process answers. Readiness: every service answers its health ping on the bus. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SERVICE_CLIENTS) private readonly clients: ServiceClients,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ pid: process.pid })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      (Object.keys(this.clients) as ServiceName[]).map((name) => async () => {
        const indicator = this.indicators.check(name);
        try {
          const status = await firstValueFrom(this.clients[name].send<{ status: string; details?: Record<string, unknown> }>(`${name}.health.v1`, {}).pipe(timeout(2000)));
          return status.status === 'up' ? indicator.up(status.details) : indicator.down(status.details);
        } catch (error) {
          return indicator.down({ message: error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error) });
        }
      }),
    );
  }
}

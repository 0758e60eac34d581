import { Type } from '@nestjs/common';
import { HealthController } from './health/health.controller';

/** Every HTTP controller of the gateway; each feature adds its own line. */
export const GATEWAY_CONTROLLERS: Type<unknown>[] = [HealthController];

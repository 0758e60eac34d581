/**
 * The HTTP baseline: a bare NestJS-Fastify endpoint validating a body of the same size and shape
 * as a stored achievement (class-validator), answering 201. No auth, bus, store or projection.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';

class BareAchievementDto {
  @IsIn(['academic-education', 'vocational-qualification', 'technician-education', 'training-performance']) category: string;
  @IsUUID() catalogItemId: string;
  @IsString() @MaxLength(64) certificateNumber: string;
  @IsDateString() issueDate: string;
  @IsOptional() @IsString() @MaxLength(64) certificateLevel?: string;
  @IsOptional() @IsString() @MaxLength(64) occupation?: string;
  @IsOptional() @IsString() @MaxLength(64) educationLevel?: string;
  @IsUUID() evidenceId: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

@Controller()
class BareController {
  @Post('achievements')
  @HttpCode(201)
  store(@Body() body: BareAchievementDto) {
    return { id: randomUUID(), revision: 0, category: body.category };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const address = app.getHttpServer().address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : ''}\n`);
}
void main();

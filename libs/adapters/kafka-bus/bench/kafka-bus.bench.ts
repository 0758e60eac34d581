/**
 * Figures for the Kafka bus (report only, never run by `npm test`):
 *   KAFKA_BROKERS=127.0.0.1:9092 npx jest --testMatch '**\/kafka-bus.bench.ts' libs/adapters/kafka-bus/bench
 * BENCH_EVENTS (default 20000) integration events published through KafkaBusClient.emit, beside a
 * raw kafkajs producer sending the same messages in the same run; then request-reply round trips.
 */
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { brokerList, ensureTopics, KafkaBusClient, KafkaBusServer } from '../src';

@Controller()
class EchoController {
  @MessagePattern('bench.echo.v1')
  echo(@Payload() data: unknown) {
    return data;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

function event(i: number) {
  return {
    type: 'AchievementStored',
    schemaVersion: 1,
    eventId: randomUUID(),
    streamId: `ledger.achievement-${i % 500}`,
    revision: Math.floor(i / 500),
    position: i + 1,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    data: { owner: randomUUID(), category: 'degree', name: `Achievement ${i}`, credits: 12 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const brokers = process.env['KAFKA_BROKERS'] ? brokerList(process.env['KAFKA_BROKERS']) : undefined;
(brokers ? it : it.skip)('measures the Kafka bus', async () => {
  const b = brokers as string[];
  const n = Number(process.env['BENCH_EVENTS'] ?? 20_000);
  const prefix = `cbbench-${randomBytes(4).toString('hex')}.`;
  const events = Array.from({ length: n }, (_, i) => event(i));
  const lines: string[] = [`Kafka bus, ${n} events of ~${JSON.stringify(events[0]).length} B, broker ${b.join(',')}`];
  const rate = (ms: number) => `${Math.round((n / ms) * 1000)} events/s (${(ms / 1000).toFixed(2)} s)`;

  await ensureTopics(b, [`${prefix}raw.v1`, `${prefix}emit.v1`, `${prefix}emit-seq.v1`], 3);
  // Raw kafkajs: same settings (idempotent, acks all), batches of 500 messages, one at a time.
  const kafka = new Kafka({ clientId: 'bench', brokers: b, logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let started = performance.now();
  for (let i = 0; i < n; i += 500) {
    const messages = events.slice(i, i + 500).map((e) => ({ key: e.streamId, value: JSON.stringify(e) }));
    await producer.send({ topic: `${prefix}raw.v1`, acks: -1, messages });
  }
  lines.push(`raw kafkajs producer.send, 500 a batch: ${rate(performance.now() - started)}`);
  await producer.disconnect();

  const client = new KafkaBusClient({ brokers: b, topicPrefix: prefix, logLevel: logLevel.ERROR });
  await client.connect();
  started = performance.now();
  await Promise.all(events.map((e) => lastValueFrom(client.emit('emit.v1', e), { defaultValue: undefined })));
  lines.push(`KafkaBusClient.emit, all at once: ${rate(performance.now() - started)}`);
  const seq = events.slice(0, Math.min(n, 2000));
  started = performance.now();
  for (const e of seq) await lastValueFrom(client.emit('emit-seq.v1', e), { defaultValue: undefined });
  const seqMs = performance.now() - started;
  lines.push(`KafkaBusClient.emit, one awaited after another (as IntegrationRelay does), ${seq.length} events: ${Math.round((seq.length / seqMs) * 1000)} events/s`);

  const app = await NestFactory.createMicroservice(EchoModule, {
    strategy: new KafkaBusServer({ brokers: b, topicPrefix: prefix, groupPrefix: prefix, service: 'echo', logLevel: logLevel.ERROR }),
    logger: false,
  });
  await app.listen();
  const payload = { meta: { actor: null, correlationId: randomUUID() }, payload: { page: 1 } };
  for (let i = 0; i < 50; i++) await firstValueFrom(client.send('bench.echo.v1', payload)); // warm-up (group join)
  const rtts: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await firstValueFrom(client.send('bench.echo.v1', payload));
    rtts.push(performance.now() - t);
  }
  rtts.sort((x, y) => x - y);
  lines.push(`request-reply, sequential, 1000 round trips: p50 ${percentile(rtts, 50).toFixed(2)} ms, p99 ${percentile(rtts, 99).toFixed(2)} ms`);
  started = performance.now();
  await Promise.all(Array.from({ length: 2000 }, () => firstValueFrom(client.send('bench.echo.v1', payload))));
  lines.push(`request-reply, 2000 concurrent: ${Math.round(2000 / ((performance.now() - started) / 1000))} requests/s`);

  await client.close();
  await app.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) });
  await admin.disconnect();
  process.stdout.write(`${lines.join('\n')}\n`);
}, 600_000);

import { ACCOUNT_REGISTERED_V1 } from '@credit-bank/contracts';
import { mapIdentityEvent } from '@credit-bank/identity-service';
import { KafkaBusClient } from '@credit-bank/kafka-bus';
import { toIntegrationEvent } from '@credit-bank/platform';
import { describeWithKafka, describeWithMongo, mongoUri, PNG_EVIDENCE as PNG, uniqueName } from '@credit-bank/testing';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { Cluster, differences, dumpSize, ensureBuilt, REPO, waitFor } from './testing/cluster';
import { httpClient, Learner, registerLearner } from './testing/http';

/**
 * The faults the distributed profile must survive, each on real processes (the four programs
 * from dist/) and a real broker: a Kafka broker of its own (tools/servers, on a fixed port and a
 * kept data folder, so that it can be stopped and started again), MongoDB from MONGODB_URI, a
 * SQLite event store per service. One cluster serves the four tests, in order.
 */
interface ServersModule {
  start(o: { what: string; port?: number; data?: string; stateDir: string; ownerPid?: number }): Promise<Record<string, { port: number; startMs: number }>>;
  stop(o: { what: string; stateDir: string }): Promise<string[]>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const servers = require(join(REPO, 'tools', 'servers', 'servers.js')) as ServersModule;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}


// The Kafka-outage test failed once in a fresh-clone CI run under full load (no command was
// acknowledged within 120 s after the broker came back) and passed in every other run; its cause
// is not found yet. A failure is retried once — with a whole new outage — and its diagnostics (each
// process's last log lines) are printed, so a recurring fault still fails the suite.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

function say(line: string): void {
  process.stderr.write(`[distributed faults] ${line}\n`);
}

/** The value of the first metric line matching `pattern` (one capture-free regex over the line before the value), or undefined. */
async function metric(url: string, pattern: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (pattern.test(line.slice(0, space))) return Number(line.slice(space + 1));
  }
  return undefined;
}

describeWithKafka('distributed profile: faults survived', () => {
  describeWithMongo('four processes on a Kafka broker of their own and MongoDB', () => {
    const id = uniqueName('df').replace(/-/g, '_');
    const root = join(tmpdir(), `credit-bank-${id}`);
    const kafkaState = join(root, 'kafka-state');
    const kafkaData = join(root, 'kafka-data');
    let kafkaPort = 0;
    let brokers = '';
    let cluster: Cluster;
    let learner: Learner;
    let serial = 1;
    const api = () => httpClient(`${cluster.gatewayUrl}/api/v1`);
    const uri = () => mongoUri() as string;
    const accountTopic = () => cluster.topic(ACCOUNT_REGISTERED_V1);
    const ledgerUrl = () => cluster.get('ledger').url;

    async function startKafka(): Promise<void> {
      const t0 = Date.now();
      await servers.start({ what: 'kafka', port: kafkaPort, data: kafkaData, stateDir: kafkaState, ownerPid: process.pid });
      say(`Kafka on 127.0.0.1:${kafkaPort} answered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    async function stopKafka(): Promise<void> {
      const t0 = Date.now();
      await servers.stop({ what: 'kafka', stateDir: kafkaState });
      say(`Kafka stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    /** Until the ledger consumed everything on identity's topic, applied its own events, and identity published everything. */
    async function settled(timeoutMs = 60_000): Promise<void> {
      await waitFor(
        async () => {
          const consumerLag = await metric(ledgerUrl(), new RegExp(`credit_bank_consumer_lag_messages\\{.*topic="${accountTopic().replace(/\./g, '\\.')}"`));
          const projectionLag = await metric(ledgerUrl(), /credit_bank_projection_lag_events\{/);
          const relayLag = await metric(cluster.get('identity').url, /credit_bank_relay_lag_events\{/);
          const identityLag = await metric(cluster.get('identity').url, /credit_bank_projection_lag_events\{/);
          return consumerLag === 0 && projectionLag === 0 && relayLag === 0 && identityLag === 0;
        },
        timeoutMs,
        'relay, consumer and projection lags of 0',
        300,
      );
    }

    async function expectReadModelsEqualRebuild(): Promise<void> {
      for (const service of ['identity', 'catalog', 'ledger'] as const) {
        const live = await cluster.live(service);
        expect(dumpSize(live)).toBeGreaterThan(0);
        expect({ service, differences: differences(live, await cluster.rebuild(service)) }).toEqual({ service, differences: [] });
      }
    }

    /** Uploads an evidence file, then stores an achievement with it (custom entry, so the ledger asks the catalog for the types). */
    async function storeAchievement(who: Learner, n: number, timeoutMs = 20_000) {
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), `certificate-${n}.png`);
      const evidence = await api()('POST', '/evidence', { token: who.token, form, timeoutMs });
      if (evidence.status !== 201) return evidence;
      return api()('POST', '/achievements', {
        token: who.token,
        timeoutMs,
        body: {
          category: 'training-performance',
          custom: { name: `培训证书 ${n}`, institutionName: '广州市志愿者协会', type: 'training-certificate' },
          certificateNumber: `C-${n}`,
          issueDate: '2023-12-01',
          evidenceId: evidence.body.id,
        },
      });
    }

    beforeAll(async () => {
      const t0 = Date.now();
      ensureBuilt();
      mkdirSync(root, { recursive: true });
      kafkaPort = await freePort();
      await startKafka();
      brokers = `127.0.0.1:${kafkaPort}`;
      say(`event stores: SQLite, one file per service under ${root} (no EventStoreDB reachable)`);
      cluster = new Cluster({ kafkaBrokers: brokers, mongoUri: uri(), id, root: join(root, 'cluster'), env: { EVENT_DELIVERY_ATTEMPTS: '3' } });
      await cluster.start();
      const registered = await registerLearner(cluster, serial++, `${id.slice(-6)}_l`, { login: true });
      expect(registered.status).toBe(201);
      learner = registered.learner as Learner;
      const first = await storeAchievement(learner, 0);
      expect({ status: first.status, body: first.status === 201 ? 'ok' : first.body }).toEqual({ status: 201, body: 'ok' });
      say(`cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 240_000);

    afterAll(async () => {
      if (cluster) {
        await cluster.stop().catch(() => undefined);
        await cluster.dropDatabases().catch(() => undefined);
      }
      await servers.stop({ what: 'kafka', stateDir: kafkaState }).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    }, 90_000);

    it('a poison event is retried, then parked on the dead-letter topic with its error; the events behind it keep flowing', async () => {
      const t0 = Date.now();
      const bus = new KafkaBusClient({ brokers, topicPrefix: `${id}.`, replicationFactor: 1 });
      const streamId = `identity.account-poison-${id}`;
      const base = { type: 'AccountRegistered', schemaVersion: 1, streamId, occurredAt: new Date().toISOString(), correlationId: 'poison-test' };
      const registeredAt = new Date().toISOString();
      try {
        // A field name MongoDB cannot store: every delivery fails in the read store.
        await lastValueFrom(
          bus.emit(ACCOUNT_REGISTERED_V1, { ...base, eventId: `poison-${id}`, revision: 0, position: 9_000_000, data: { accountId: `poison-${id}`, accountType: 'individual', username: { $where: 'x' }, displayName: 'poison', registeredAt } }),
          { defaultValue: undefined },
        );
        // The next event of the same stream: same key, same partition, behind the poison.
        await lastValueFrom(
          bus.emit(ACCOUNT_REGISTERED_V1, { ...base, eventId: `behind-${id}`, revision: 1, position: 9_000_001, data: { accountId: `behind-${id}`, accountType: 'individual', username: 'behind_poison', displayName: '后来者', registeredAt } }),
          { defaultValue: undefined },
        );
      } finally {
        await bus.close();
      }

      const connection = await mongoose.createConnection(uri(), { dbName: cluster.database('ledger') }).asPromise();
      try {
        const learners = connection.db!.collection<{ _id: string; doc?: { realName?: string } }>('rm_ledger_learners');
        await waitFor(async () => (await learners.findOne({ _id: `behind-${id}` }))?.doc?.realName === '后来者', 30_000, 'the event behind the poison in ledger_learners');
        expect(await learners.findOne({ _id: `poison-${id}` })).toBeNull();

        // Parked on <topic>.dlt with the error and the attempts.
        const kafka = new Kafka({ clientId: 'faults-dlt-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
        const consumer = kafka.consumer({ groupId: `${id}.dlt-reader` });
        const parked: Array<{ key: string; headers: Record<string, string>; value: string }> = [];
        await consumer.connect();
        try {
          await consumer.subscribe({ topics: [`${accountTopic()}.dlt`], fromBeginning: true });
          await consumer.run({
            eachMessage: async ({ message }) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
              parked.push({ key: String(message.key), headers, value: String(message.value) });
            },
          });
          await waitFor(() => parked.length > 0, 30_000, 'a message on the dead-letter topic');
        } finally {
          await consumer.disconnect();
        }
        expect(parked).toHaveLength(1);
        expect(parked[0].key).toBe(streamId);
        expect(JSON.parse(parked[0].value).eventId).toBe(`poison-${id}`);
        expect(parked[0].headers).toMatchObject({ 'cb-dlt-attempts': '3', 'cb-dlt-original-topic': accountTopic(), 'cb-dlt-group': `${id}.credit-bank.ledger` });
        expect(parked[0].headers['cb-dlt-error']).toMatch(/field named "\$where"/);
        // Three deliveries counted as failures by the ledger.
        expect(await metric(ledgerUrl(), /credit_bank_messages_handled_total\{pattern="identity\.account-registered\.v1",kind="event",outcome="error"/)).toBe(3);

        // The two test events were not identity's: remove them so the read models stay a function of the stores.
        await learners.deleteMany({ _id: { $in: [`poison-${id}`, `behind-${id}`] } });
      } finally {
        await connection.close();
      }
      say(`poison event: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 90_000);

    it('every integration event delivered twice gives the same read models as delivered once', async () => {
      const t0 = Date.now();
      for (let i = 0; i < 4; i++) expect((await registerLearner(cluster, serial++, `${id.slice(-6)}_d`)).status).toBe(201);
      await settled();
      const once = await cluster.live('ledger');
      const handled = async () => (await metric(ledgerUrl(), /credit_bank_messages_handled_total\{pattern="identity\.account-registered\.v1",kind="event",outcome="ok"/)) ?? 0;
      const before = await handled();

      // Every identity event that has an integration event, published a second time (as a relay replaying from an old checkpoint would).
      const replayed = (await cluster.events('identity'))
        .map((event) => ({ event, mapped: mapIdentityEvent(event) }))
        .filter((x) => x.mapped !== null);
      expect(replayed.length).toBeGreaterThanOrEqual(5);
      const bus = new KafkaBusClient({ brokers, topicPrefix: `${id}.`, replicationFactor: 1 });
      try {
        await Promise.all(replayed.map(({ event, mapped }) => lastValueFrom(bus.emit(mapped!.topic, toIntegrationEvent(event, mapped!.data)), { defaultValue: undefined })));
      } finally {
        await bus.close();
      }
      await waitFor(async () => (await handled()) >= before + replayed.length, 30_000, 'the ledger to handle every event a second time');
      await settled();
      const twice = await cluster.live('ledger');
      expect(differences(twice, once)).toEqual([]);
      await expectReadModelsEqualRebuild();
      say(`duplicates: ${replayed.length} events delivered twice, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 120_000);

    it('a consumer process killed with SIGKILL mid-stream and restarted: every read model ends equal to a rebuild', async () => {
      const t0 = Date.now();
      const acknowledged: { accounts: string[]; achievements: string[] } = { accounts: [], achievements: [] };
      let running = true;
      const registrations = (async () => {
        for (let i = 0; i < 8; i++) {
          const r = await registerLearner(cluster, serial++, `${id.slice(-6)}_k`, { timeoutMs: 30_000 });
          if (r.status === 201 && r.id) acknowledged.accounts.push(r.id);
        }
      })();
      const achievements = (async () => {
        for (let n = 1; running && n < 200; n++) {
          const r = await storeAchievement(learner, 1000 + n, 30_000);
          if (r.status === 201) acknowledged.achievements.push(r.body.id as string);
        }
      })();
      await waitFor(() => acknowledged.accounts.length >= 2 && acknowledged.achievements.length >= 3, 60_000, 'the stream to be under way');
      const killed = await cluster.get('ledger').stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      say(`ledger killed with SIGKILL after ${acknowledged.accounts.length} registrations and ${acknowledged.achievements.length} achievements`);
      await new Promise((r) => setTimeout(r, 1500));
      await cluster.get('ledger').start();
      await registrations;
      await waitFor(() => acknowledged.achievements.length >= 10, 60_000, 'achievements after the restart');
      running = false;
      await achievements;
      await settled();

      const ledgerEvents = await cluster.events('ledger');
      const live = await cluster.live('ledger');
      for (const achievementId of acknowledged.achievements) {
        expect({ achievementId, stored: ledgerEvents.some((e) => e.type === 'AchievementStored' && e.streamId.endsWith(achievementId)) }).toEqual({ achievementId, stored: true });
        expect({ achievementId, listed: live.get('rm_ledger_achievements_v2')?.has(achievementId) ?? false }).toEqual({ achievementId, listed: true });
      }
      for (const accountId of acknowledged.accounts) expect({ accountId, learner: live.get('rm_ledger_learners')?.has(accountId) ?? false }).toEqual({ accountId, learner: true });
      await expectReadModelsEqualRebuild();
      say(`SIGKILL: ${acknowledged.accounts.length} registrations and ${acknowledged.achievements.length} achievements acknowledged, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 180_000);

    it('the ledger killed with SIGKILL during commands that clients retry with their Idempotency-Key: every final answer is what is stored, nothing stored twice', async () => {
      const t0 = Date.now();
      const storedBefore = (await cluster.events('ledger')).filter((e) => e.type === 'AchievementStored').length;
      const finals: Array<{ key: string; status: number; id?: string; tries: number }> = [];
      let killing: Promise<{ signal: string | null }> | undefined;
      let running = true;
      const client = (async () => {
        for (let n = 1; running && n < 200; n++) {
          const form = new FormData();
          form.append('file', new Blob([PNG], { type: 'image/png' }), `retried-${n}.png`);
          let evidence = await api()('POST', '/evidence', { token: learner.token, form, timeoutMs: 20_000 });
          for (let i = 0; evidence.status !== 201 && i < 60; i++) {
            await new Promise((r) => setTimeout(r, 500));
            const again = new FormData();
            again.append('file', new Blob([PNG], { type: 'image/png' }), `retried-${n}.png`);
            evidence = await api()('POST', '/evidence', { token: learner.token, form: again, timeoutMs: 20_000 });
          }
          if (evidence.status !== 201) continue;
          const key = randomUUID();
          const body = {
            category: 'training-performance',
            custom: { name: `培训证书 R${n}`, institutionName: '广州市志愿者协会', type: 'training-certificate' },
            certificateNumber: `R-${n}`,
            issueDate: '2023-12-01',
            evidenceId: evidence.body.id,
          };
          // A client that was not told the outcome (no answer, 503) asks again with the same key, as the 503 says it may.
          const sent = api()('POST', '/achievements', { token: learner.token, body, headers: { 'idempotency-key': key }, timeoutMs: 20_000 });
          // The fourth command is in flight (on the bus, or being handled) when the ledger dies.
          if (n === 4) killing = new Promise((r) => setTimeout(r, 30)).then(() => cluster.get('ledger').stop('SIGKILL'));
          let answer = await sent;
          let tries = 1;
          for (; (answer.status === 0 || answer.status === 503) && tries < 60; tries++) {
            await new Promise((r) => setTimeout(r, 1000));
            answer = await api()('POST', '/achievements', { token: learner.token, body, headers: { 'idempotency-key': key }, timeoutMs: 20_000 });
          }
          finals.push({ key, status: answer.status, id: (answer.body as { id?: string })?.id, tries });
        }
      })();
      await waitFor(() => killing !== undefined, 60_000, 'commands under way');
      const killed = await (killing as unknown as Promise<{ signal: string | null }>);
      expect(killed.signal).toBe('SIGKILL');
      say(`ledger killed with SIGKILL while the 4th achievement was in flight (${finals.length} answered)`);
      await new Promise((r) => setTimeout(r, 1500));
      await cluster.get('ledger').start();
      const afterRestart = finals.length;
      await waitFor(() => finals.length >= afterRestart + 3, 120_000, 'achievements after the restart');
      running = false;
      await client;
      await settled();

      // Every final answer is a success (201 stored, or 202 stored and still being applied), and each one is stored once.
      expect(finals.filter((f) => f.status !== 201 && f.status !== 202)).toEqual([]);
      const stored = (await cluster.events('ledger')).filter((e) => e.type === 'AchievementStored');
      for (const f of finals) expect({ key: f.key, stored: stored.filter((e) => e.streamId.endsWith(f.id ?? '-')).length }).toEqual({ key: f.key, stored: 1 });
      expect(stored.length - storedBefore).toBe(finals.length);
      await expectReadModelsEqualRebuild();
      say(`SIGKILL with retries: ${finals.length} achievements, ${finals.filter((f) => f.tries > 1).length} retried, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 300_000);

    it('Kafka stopped for a while and started again during a stream of commands: nothing acknowledged is lost, publication catches up, consumers resume', async () => {
      const t0 = Date.now();
      const acknowledged: { accounts: string[]; achievements: string[] } = { accounts: [], achievements: [] };
      const failed = { accounts: 0, achievements: 0 };
      let running = true;
      const registrations = (async () => {
        while (running) {
          const r = await registerLearner(cluster, serial++, `${id.slice(-6)}_o`, { timeoutMs: 20_000 });
          if (r.status === 201 && r.id) acknowledged.accounts.push(r.id);
          else {
            failed.accounts++;
            await new Promise((res) => setTimeout(res, 300));
          }
        }
      })();
      const achievements = (async () => {
        for (let n = 1; running; n++) {
          const r = await storeAchievement(learner, 5000 + n, 20_000);
          if (r.status === 201) acknowledged.achievements.push(r.body.id as string);
          else {
            failed.achievements++;
            await new Promise((res) => setTimeout(res, 300));
          }
        }
      })();
      await waitFor(() => acknowledged.accounts.length >= 1 && acknowledged.achievements.length >= 3, 60_000, 'the stream to be under way');
      await stopKafka();
      await new Promise((r) => setTimeout(r, 6000));
      const beforeRestart = { accounts: acknowledged.accounts.length, achievements: acknowledged.achievements.length };
      await startKafka();
      // Consumers resume: new commands are acknowledged again after the restart.
      try {
        await waitFor(() => acknowledged.accounts.length >= beforeRestart.accounts + 2 && acknowledged.achievements.length >= beforeRestart.achievements + 3, 120_000, 'commands acknowledged after Kafka came back');
      } catch (error) {
        // Diagnostics for a failure: what each process logged last.
        say(`after the restart: ${acknowledged.accounts.length - beforeRestart.accounts} registrations, ${acknowledged.achievements.length - beforeRestart.achievements} achievements acknowledged; failed ${failed.accounts} / ${failed.achievements}`);
        for (const service of ['gateway', 'identity', 'catalog', 'ledger'] as const) say(`${service} last lines:\n${cluster.get(service).recentLines().slice(-15).join('\n')}`);
        throw error;
      }
      running = false;
      await Promise.all([registrations, achievements]);
      say(`Kafka outage: acknowledged ${acknowledged.accounts.length} registrations and ${acknowledged.achievements.length} achievements (${failed.accounts} / ${failed.achievements} not acknowledged)`);

      // Publication catches up (relay lag 0) and the ledger consumed it all.
      await settled(120_000);
      const identityEvents = await cluster.events('identity');
      const ledgerEvents = await cluster.events('ledger');
      const identityLive = await cluster.live('identity');
      const ledgerLive = await cluster.live('ledger');
      for (const accountId of acknowledged.accounts) {
        expect({ accountId, stored: identityEvents.some((e) => e.type === 'AccountRegistered' && (e.data as { accountId?: string }).accountId === accountId) }).toEqual({ accountId, stored: true });
        expect({ accountId, account: identityLive.get('rm_identity_accounts_v2')?.has(accountId) ?? false }).toEqual({ accountId, account: true });
        expect({ accountId, learner: ledgerLive.get('rm_ledger_learners')?.has(accountId) ?? false }).toEqual({ accountId, learner: true });
      }
      for (const achievementId of acknowledged.achievements) {
        expect({ achievementId, stored: ledgerEvents.some((e) => e.type === 'AchievementStored' && e.streamId.endsWith(achievementId)) }).toEqual({ achievementId, stored: true });
        expect({ achievementId, listed: ledgerLive.get('rm_ledger_achievements_v2')?.has(achievementId) ?? false }).toEqual({ achievementId, listed: true });
      }
      for (const service of ['identity', 'catalog', 'ledger', 'gateway'] as const) {
        await waitFor(async () => (await fetch(`${cluster.get(service).url}/health/ready`)).status === 200, 60_000, `${service} ready again`);
      }
      await expectReadModelsEqualRebuild();
      say(`Kafka outage: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 300_000);
  });
});

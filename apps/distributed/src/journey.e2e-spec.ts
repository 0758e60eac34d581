import { describeWithKafka, describeWithMongo, kafkaBrokers, mongoUri, PNG_EVIDENCE as PNG, uniqueName } from '@credit-bank/testing';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, differences, dumpSize, ensureBuilt, REPO, ServiceProcess, waitFor } from './testing/cluster';
import { httpClient } from './testing/http';

/**
 * The first journey of the user guide again, on the distributed profile: gateway, identity,
 * catalog and ledger as four separate Node processes built in dist/, Kafka between them (the
 * broker of KAFKA_BROKERS), read models in MongoDB (MONGODB_URI; FerretDB here), and — as no
 * EventStoreDB is reachable here — a SQLite event store file per service.
 */
describeWithKafka('distributed profile: the journey over four processes', () => {
  describeWithMongo('on Kafka and MongoDB', () => {
    let cluster: Cluster;
    const id = uniqueName('dj').replace(/-/g, '_');
    const root = join(tmpdir(), `credit-bank-${id}`);

    beforeAll(async () => {
      ensureBuilt();
      process.stderr.write(`[distributed] event stores: SQLite, one file per service under ${root} (no EventStoreDB is reachable here, EVENTSTORE_URL unset)\n`);
      cluster = new Cluster({ kafkaBrokers: (kafkaBrokers() as string[]).join(','), mongoUri: mongoUri() as string, id, root });
      await cluster.start();
    }, 180_000);

    afterAll(async () => {
      if (cluster) {
        await cluster.stop();
        await cluster.dropDatabases();
      }
      rmSync(root, { recursive: true, force: true });
    }, 60_000);

    it('refuses a wrong configuration with exit code 78 and one line per mistake', () => {
      const run = spawnSync(process.execPath, [join(REPO, 'dist', 'apps', 'ledger', 'src', 'main.js')], {
        env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: 'no-port', BLOB_STORE: 'ftp' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(78);
      expect(run.stderr).toContain('credit-bank ledger: Invalid configuration:');
      expect(run.stderr).toMatch(/KAFKA_BROKERS must list the Kafka brokers/);
      expect(run.stderr).toMatch(/BLOB_STORE must be gridfs or local/);
      expect(run.stderr).toMatch(/MONGODB_URI is required by the ledger service/);
    });

    it('registers, logs in, finds, uploads, stores, lists, edits and submits; health, metrics and read models hold', async () => {
      const api = httpClient(`${cluster.gatewayUrl}/api/v1`);
      const mobile = '13912345678';
      expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
      const smsCode = cluster.lastSmsCode(mobile);
      expect(smsCode).toMatch(/^\d{6}$/);

      const registered = await api('POST', '/accounts', {
        body: {
          type: 'individual',
          username: 'li_si_2024',
          password: 'Passw0rd-2024',
          passwordConfirmation: 'Passw0rd-2024',
          realName: '李四',
          nationality: 'CN',
          ethnicity: '01',
          gender: 'female',
          idType: 'resident-id-card',
          idNumber: '11010519491231002X',
          birthDate: '1949-12-31',
          email: 'li.si@example.com',
          address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
          mobile,
          smsCode,
          acceptTerms: true,
        },
      });
      expect(registered.status).toBe(201);

      const session = await api('POST', '/sessions', { body: { identifier: 'li.si@example.com', password: 'Passw0rd-2024' } });
      expect(session.status).toBe(200);
      const token = session.body.accessToken as string;

      const me = await api('GET', '/me', { token });
      expect(me.status).toBe(200);
      expect(JSON.stringify(me.body)).not.toContain('11010519491231002X');

      const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试')}&category=vocational-qualification`);
      expect(found.status).toBe(200);
      const item = found.body.items.find((i: { achievementName: string }) => i.achievementName === '全国计算机等级考试二级及以上证书');
      expect(item).toBeDefined();

      // Evidence: the gateway streams it into GridFS, the ledger registers it.
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'certificate.png');
      const evidence = await api('POST', '/evidence', { token, form });
      expect(evidence.status).toBe(201);
      expect(evidence.body).toMatchObject({ mediaType: 'image/png', size: PNG.length });

      // The ledger asks the catalog process over Kafka for the entry it snapshots.
      const stored = await api('POST', '/achievements', {
        token,
        body: {
          category: 'vocational-qualification',
          catalogItemId: item.id,
          certificateNumber: 'NCRE-2023-0042',
          issueDate: '2023-12-01',
          certificateLevel: '2',
          occupation: '程序员',
          educationLevel: '61',
          evidenceId: evidence.body.id,
          description: 'Python 语言程序设计',
        },
      });
      expect(stored.status).toBe(201);
      const achievementId = stored.body.id as string;

      // The learner's name (姓名) reaches the ledger only through identity's integration event on Kafka.
      await waitFor(async () => (await api('GET', '/achievements', { token })).body?.items?.[0]?.name === '李四', 30_000, 'the learner name in the ledger list');
      const list = await api('GET', '/achievements', { token });
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ id: achievementId, no: 1, name: '李四', achievementName: '全国计算机等级考试二级及以上证书', source: 'catalog' });

      const edited = await api('PATCH', `/achievements/${achievementId}`, { token, headers: { 'if-match': '0' }, body: { description: 'Python 语言程序设计（已核对）' } });
      expect(edited.status).toBe(200);
      expect(edited.body.revision).toBe(1);

      const submitted = await api('POST', `/achievements/${achievementId}/recognition-requests`, { token });
      expect(submitted.status).toBe(202);
      const refused = await api('PATCH', `/achievements/${achievementId}`, { token, headers: { 'if-match': '2' }, body: { description: 'x' } });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
      const one = await api('GET', `/achievements/${achievementId}`, { token });
      expect(one.body).toMatchObject({ id: achievementId, description: 'Python 语言程序设计（已核对）' });

      // 安全退出 with two gateway replicas: a sign-out through one holds at once on the other, for
      // that token only (the session state is the identity service's, not a gateway's memory).
      const second = new ServiceProcess('gateway', cluster.get('gateway').env, join(root, 'gateway-2.log'));
      await second.start();
      try {
        await waitFor(async () => (await fetch(`${second.url}/health/ready`)).status === 200, 60_000, 'the second gateway to be ready');
        const api2 = httpClient(`${second.url}/api/v1`);
        const other = (await api2('POST', '/sessions', { body: { identifier: mobile, password: 'Passw0rd-2024' } })).body.accessToken as string;
        expect((await api('DELETE', '/sessions/current', { token })).status).toBe(204);
        for (const [replica, client] of [['first', api], ['second', api2]] as const) {
          const refused = await client('GET', '/me', { token });
          expect({ replica, status: refused.status, code: refused.body?.code }).toEqual({ replica, status: 401, code: 'AUTH.TOKEN_REVOKED' });
          expect({ replica, status: (await client('GET', '/achievements', { token: other })).status }).toEqual({ replica, status: 200 });
        }
      } finally {
        await second.stop();
      }

      // Every process: ready, and its metrics.
      for (const service of ['identity', 'catalog', 'ledger', 'gateway'] as const) {
        const url = cluster.get(service).url;
        expect({ service, live: (await fetch(`${url}/health/live`)).status }).toEqual({ service, live: 200 });
        const ready = await fetch(`${url}/health/ready`);
        expect({ service, ready: ready.status, body: ready.status === 200 ? 'ok' : await ready.text() }).toEqual({ service, ready: 200, body: 'ok' });
      }
      const ledgerMetrics = await (await fetch(`${cluster.get('ledger').url}/metrics`)).text();
      expect(ledgerMetrics).toMatch(/credit_bank_messages_handled_total\{[^}]*pattern="ledger\.store-achievement\.v1"[^}]*outcome="ok"[^}]*\} 1/);
      expect(ledgerMetrics).toMatch(/credit_bank_messages_handled_total\{[^}]*pattern="ledger\.amend-achievement\.v1"[^}]*outcome="error"[^}]*code="LEDGER\.ACHIEVEMENT_ALREADY_SUBMITTED"/);
      expect(ledgerMetrics).toMatch(/credit_bank_messages_handled_total\{[^}]*pattern="identity\.account-registered\.v1"[^}]*kind="event"[^}]*outcome="ok"/);
      expect(ledgerMetrics).toMatch(/credit_bank_events_appended_total\{service="ledger"\} [1-9]/);
      expect(ledgerMetrics).toMatch(/credit_bank_projection_lag_events\{service="ledger"\} 0/);
      expect(ledgerMetrics).toMatch(/credit_bank_consumer_lag_messages\{[^}]*topic="[^"]*identity\.account-registered\.v1"[^}]*\} 0/);
      const identityMetrics = await (await fetch(`${cluster.get('identity').url}/metrics`)).text();
      expect(identityMetrics).toMatch(/credit_bank_relay_lag_events\{[^}]*relay="relay:identity"[^}]*\} 0/);
      const gatewayMetrics = await (await fetch(`${cluster.gatewayUrl}/metrics`)).text();
      expect(gatewayMetrics).toMatch(/credit_bank_http_requests_total\{[^}]*route="\/api\/v1\/achievements"[^}]*status="201"[^}]*\} 1/);

      // Read models in MongoDB equal a rebuild from the event stores.
      for (const service of ['identity', 'catalog', 'ledger'] as const) {
        const live = await cluster.live(service);
        expect(dumpSize(live)).toBeGreaterThan(0);
        expect({ service, differences: differences(live, await cluster.rebuild(service)) }).toEqual({ service, differences: [] });
      }

      // SIGTERM: each process drains and exits 0.
      const exits = await cluster.stop();
      expect(exits).toEqual({ gateway: { code: 0, signal: null }, identity: { code: 0, signal: null }, catalog: { code: 0, signal: null }, ledger: { code: 0, signal: null } });
    }, 180_000);
  });
});

import { CommandContext, toNewEvents } from '@credit-bank/kernel';
import { AchievementDetails, achievementStreamId, certificateStreamId } from '@credit-bank/ledger-domain';
import { Pseudonyms } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { randomBytes } from 'node:crypto';
import { CertificateClaims, certificateKeyHash } from './certificate-claims';

const ctx: CommandContext = { actor: 'system', correlationId: 'c-1', now: '2026-03-01T08:00:00.000Z' };

const details = (certificateNumber: string): AchievementDetails => ({
  category: 'vocational-qualification',
  categoryName: '职业资格',
  source: 'custom',
  catalogItemId: null,
  catalogItem: null,
  custom: { name: '电工证', institutionId: null, institutionName: '某某职业技能鉴定中心', type: 'certificate', typeName: '证书' },
  certificateNumber,
  issueDate: '2024-01-01',
  certificateLevel: null,
  occupation: null,
  educationLevel: null,
  evidenceId: 'e-1',
  description: null,
});

describe('CertificateClaims (on a real SQLite event store)', () => {
  let store: SqliteEventStore;
  let legacy: CertificateClaims;
  let keyed: CertificateClaims;

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    legacy = new CertificateClaims(store); // as a release before keyed pseudonyms
    keyed = new CertificateClaims(store, new Pseudonyms(randomBytes(32)));
  });
  afterEach(() => store.close());

  /** The achievement's own stream, so that its claim counts as used. */
  async function stored(achievementId: string, ownerId: string, d: AchievementDetails) {
    await store.append(achievementStreamId(achievementId), toNewEvents([{ type: 'AchievementStored', data: { achievementId, ownerId, storedAt: ctx.now, ...d } }], ctx), { expectedRevision: 'no_stream' });
  }

  it('names the stream by a keyed HMAC, not the bare SHA-256 of the certificate', () => {
    const d = details('DG-2024-000123');
    expect(keyed.keyHashOf(d)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyed.keyHashOf(d)).not.toBe(certificateKeyHash(d));
    expect(legacy.keyHashOf(d)).toBe(certificateKeyHash(d));
  });

  it('a claim made in the legacy stream still refuses the same learner, shows as a duplicate to others, and is released there', async () => {
    const d = details('DG-2024-000123');
    await stored('a-1', 'learner-1', d);
    await legacy.claim(d, 'learner-1', 'a-1', ctx);

    await expect(keyed.claim(d, 'learner-1', 'a-2', ctx)).rejects.toMatchObject({ code: 'LEDGER.CERTIFICATE_ALREADY_STORED' });
    expect(await store.readStream(certificateStreamId(keyed.keyHashOf(d)))).toEqual([]);
    await keyed.claim(d, 'learner-2', 'b-1', ctx);
    expect(await keyed.possibleDuplicates(d, 'learner-2')).toEqual(['a-1']);
    expect(await keyed.possibleDuplicates(d, 'learner-1')).toEqual(['b-1']);

    await keyed.release(d, 'a-1', ctx);
    expect((await store.readStream(certificateStreamId(certificateKeyHash(d)))).map((e) => e.type)).toEqual(['CertificateClaimed', 'CertificateReleased']);
    await keyed.claim(d, 'learner-1', 'a-2', ctx);
    expect((await store.readStream(certificateStreamId(keyed.keyHashOf(d)))).map((e) => (e.data as { achievementId: string }).achievementId)).toEqual(['b-1', 'a-2']);
  });
});

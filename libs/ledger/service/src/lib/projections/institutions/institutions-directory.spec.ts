import { AccountRegisteredV1, InstitutionDecidedV1 } from '@credit-bank/contracts';
import { LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError } from '@credit-bank/kernel';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerIntegrationConsumers } from '../ledger-read-models';
import { INSTITUTIONS_COLLECTION, InstitutionsDirectory } from './institutions-directory';

const NAME = '教育部考试中心';

const registered = (position: number, data: Partial<AccountRegisteredV1['data']> = {}): AccountRegisteredV1 => ({
  type: 'InstitutionRegistered',
  schemaVersion: 1,
  eventId: `ev-${position}`,
  streamId: 'identity.account-i-1',
  revision: 0,
  position,
  occurredAt: '2025-03-01T08:00:00.000Z',
  correlationId: 'c-1',
  data: { accountId: 'i-1', accountType: 'institution', username: 'ncre', displayName: NAME, registeredAt: '2025-03-01T08:00:00.000Z', ...data },
});

const decided = (position: number, decision: 'approved' | 'rejected' = 'approved'): InstitutionDecidedV1 => ({
  type: decision === 'approved' ? 'InstitutionApproved' : 'InstitutionRejected',
  schemaVersion: 1,
  eventId: `ev-${position}`,
  streamId: 'identity.account-i-1',
  revision: 1,
  position,
  occurredAt: '2025-03-02T08:00:00.000Z',
  correlationId: 'c-2',
  data: { accountId: 'i-1', institutionName: NAME, institutionId: 'inst-1', decision, decidedAt: '2025-03-02T08:00:00.000Z' },
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('InstitutionsDirectory (ledger_institutions, from identity.account-registered.v1 and identity.institution-decided.v1)', () => {
  let dir: string;
  let reads: SqliteReadStore;
  let directory: InstitutionsDirectory;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-institutions-'));
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    directory = new InstitutionsDirectory(reads);
  });

  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const all = () => reads.collection(INSTITUTIONS_COLLECTION).find({ sort: [['id', 'asc']] });

  it('refuses an unknown and a pending institution (403), and knows the approved one’s name', async () => {
    expect(await refusal(directory.approvedReviewer('i-1'))).toMatchObject({ code: LedgerErrorCodes.INSTITUTION_NOT_APPROVED, kind: 'forbidden', details: { status: 'unknown' } });
    expect(await directory.accountRegistered(registered(3))).toBe(true);
    expect(await refusal(directory.approvedReviewer('i-1'))).toMatchObject({ details: { status: 'pending' } });
    expect(await directory.institutionDecided(decided(9))).toBe(true);
    expect(await directory.approvedReviewer('i-1')).toEqual({ reviewerId: 'i-1', institutionId: 'inst-1', institutionName: NAME });
  });

  it('refuses an account approved without a directory link (approved by name, before ids) with 403 LEDGER.INSTITUTION_NOT_LINKED', async () => {
    const unlinked = decided(9);
    expect(await directory.institutionDecided({ ...unlinked, data: { ...unlinked.data, institutionId: undefined } })).toBe(true);
    expect(await refusal(directory.approvedReviewer('i-1'))).toMatchObject({ code: LedgerErrorCodes.INSTITUTION_NOT_LINKED, kind: 'forbidden' });
    expect(await directory.hasReviewer('inst-1')).toBe(false);
  });

  it('refuses a rejected institution', async () => {
    await directory.accountRegistered(registered(3));
    await directory.institutionDecided(decided(9, 'rejected'));
    expect(await refusal(directory.approvedReviewer('i-1'))).toMatchObject({ code: LedgerErrorCodes.INSTITUTION_NOT_APPROVED, details: { status: 'rejected' } });
    expect(await directory.hasReviewer('inst-1')).toBe(false);
  });

  it('is idempotent and order-proof: duplicates and a registration arriving after the decision change nothing', async () => {
    await directory.institutionDecided(decided(9));
    const once = await all();
    expect(await directory.institutionDecided(decided(9))).toBe(false);
    expect(await directory.accountRegistered(registered(3))).toBe(false);
    expect(await all()).toEqual(once);
    expect(once).toEqual([expect.objectContaining({ id: 'i-1', institutionName: NAME, status: 'approved', _position: 9 })]);
  });

  it('ignores individuals and malformed events', async () => {
    expect(await directory.accountRegistered(registered(3, { accountId: 'a-1', accountType: 'individual' }))).toBe(false);
    expect(await directory.institutionDecided({ ...decided(9), data: { ...decided(9).data, decision: 'maybe' as 'approved' } })).toBe(false);
    expect(await directory.institutionDecided({ data: null } as unknown as InstitutionDecidedV1)).toBe(false);
    expect(await all()).toEqual([]);
  });

  it('is rebuilt by the integration consumers the audit tool replays', async () => {
    const consumers = ledgerIntegrationConsumers(reads);
    await consumers['identity.account-registered.v1'](registered(3));
    await consumers['identity.institution-decided.v1'](decided(9));
    expect(await directory.approvedReviewer('i-1')).toEqual({ reviewerId: 'i-1', institutionId: 'inst-1', institutionName: NAME });
  });
});

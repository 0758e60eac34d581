import { OPEN_REVIEW_STATUSES } from '@credit-bank/contracts';
import { catalogProjections } from '@credit-bank/catalog-service';
import { identityProjections } from '@credit-bank/identity-service';
import { prepareProjection, ReadQuery } from '@credit-bank/kernel';
import { ACHIEVEMENTS_COLLECTION, ledgerProjections } from '@credit-bank/ledger-service';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';

/**
 * Every list the query handlers run is answered from an index the projections declare: SQLite's
 * own account (`EXPLAIN QUERY PLAN`) of the page and of its count shows no full scan of the
 * collection. The queries below are the handlers' shapes (where, sort, page); an index on a JSON
 * field only serves a query whose expression is exactly the index's, so a drift in either shows
 * here as a `SCAN`.
 */
const INBOX = 'ledger_inbox_v3';
const APPLICATIONS = 'ledger_conversion_applications_v2';
const CATALOG_ITEMS = 'catalog_items_v2';
const PAGE = { skip: 40, limit: 20 };
const CATALOG_ORDER: ReadQuery['sort'] = [
  ['categoryOrder', 'asc'],
  ['projectName', 'asc'],
  ['achievementName', 'asc'],
];
const BY_SUBMISSION: ReadQuery['sort'] = [
  ['submittedAt', 'asc'],
  ['id', 'asc'],
];

const LISTS: Array<[string, string, ReadQuery]> = [
  ['GET /achievements', ACHIEVEMENTS_COLLECTION, { where: { ownerId: 'learner-1' }, sort: [['addedSeq', 'desc']], ...PAGE }],
  ['GET /achievements?category', ACHIEVEMENTS_COLLECTION, { where: { ownerId: 'learner-1', category: 'academic' }, sort: [['addedSeq', 'desc']], ...PAGE }],
  ['GET /achievements?q', ACHIEVEMENTS_COLLECTION, { where: { ownerId: 'learner-1' }, search: { fields: ['achievementName'], text: '证书' }, sort: [['addedSeq', 'desc']], ...PAGE }],
  ['GET /reviews', ACHIEVEMENTS_COLLECTION, { where: { responsibleInstitutionId: 'inst-1', recognitionStatus: [...OPEN_REVIEW_STATUSES] }, sort: BY_SUBMISSION, ...PAGE }],
  ['GET /reviews?status', ACHIEVEMENTS_COLLECTION, { where: { responsibleInstitutionId: 'inst-1', recognitionStatus: 'recognized' }, sort: BY_SUBMISSION, ...PAGE }],
  ['GET /admin/routing-queue', ACHIEVEMENTS_COLLECTION, { where: { recognitionStatus: 'awaiting-routing' }, sort: BY_SUBMISSION, ...PAGE }],
  // Its total and unread counts are kept per addressee by the projection (read by id).
  ['GET /inbox', INBOX, { where: { addressee: ['account:learner-1'] }, sort: [['createdSeq', 'desc']], ...PAGE }],
  ['GET /inbox?unread=true', INBOX, { where: { addressee: ['account:inst-account-1', 'institution:inst-1'], read: false }, sort: [['createdSeq', 'desc']], ...PAGE }],
  ['GET /conversion-applications', APPLICATIONS, { where: { learnerId: 'learner-1' }, sort: [['appliedSeq', 'desc']], ...PAGE }],
  ['GET /conversion-reviews', APPLICATIONS, { where: { awardingInstitutionId: 'inst-1', status: 'pending' }, sort: [['appliedSeq', 'asc']], ...PAGE }],
  ['GET /catalog/items', CATALOG_ITEMS, { where: { retiredAt: null }, sort: CATALOG_ORDER, ...PAGE }],
  ['GET /catalog/items?category', CATALOG_ITEMS, { where: { retiredAt: null, category: 'academic' }, sort: CATALOG_ORDER, ...PAGE }],
];

/**
 * Plan steps that walk the whole collection: any `SCAN rm_…` (bare, along the primary key or along
 * an index: every row either way), and a `SEARCH` whose only constraint is the tombstone flag
 * (every live row). A step over `json_each` (the keyword search within one document) is not one.
 */
function fullScans(plan: string[]): string[] {
  return plan.filter((step) => /^SCAN rm_/.test(step) || (/^SEARCH rm_/.test(step) && !/\((deleted=\? AND )?(<expr>|id)[=><]/.test(step)));
}

describe('read-model indexes (SQLite read store, EXPLAIN QUERY PLAN)', () => {
  let store: SqliteReadStore;

  beforeAll(async () => {
    store = new SqliteReadStore({ filename: ':memory:' });
    for (const projection of [...identityProjections(), ...catalogProjections(), ...ledgerProjections()]) await prepareProjection(projection, store);
  });
  afterAll(() => store.close());

  it.each(LISTS)('%s: the page and its count come from an index', (_route, collection, query) => {
    const plan = store.queryPlan(collection, query);
    // The count runs on the filter alone, as the handlers call it.
    const { where, search } = query;
    const counted = store.queryPlan(collection, { where, search }).count;
    expect({ find: fullScans(plan.find), count: fullScans(counted) }).toEqual({ find: [], count: [] });
    expect(plan.find.join('\n')).toMatch(/USING (COVERING )?INDEX ix_/);
    expect(counted.join('\n')).toMatch(/USING (COVERING )?INDEX ix_/);
  });

  it('a query on a field no index holds is reported as a full scan (the check can fail)', () => {
    expect(fullScans(store.queryPlan(ACHIEVEMENTS_COLLECTION, { where: { achievementName: 'x' } }).find)).toHaveLength(1);
  });
});

import { institutionIdForName, Upcasters } from '@credit-bank/kernel';

type Data = Record<string, unknown>;

/** v1 named institutions only: a catalogue snapshot gets the directory id of its institution's name. */
function snapshotWithId(snapshot: unknown): unknown {
  if (!snapshot || typeof snapshot !== 'object') return snapshot;
  const s = snapshot as Data;
  return 'institutionId' in s ? s : { ...s, institutionId: institutionIdForName(String(s.institutionName ?? '')) };
}

/** v1 hand-entered achievements named an institution; none was picked from a directory. */
function customWithId(custom: unknown): unknown {
  if (!custom || typeof custom !== 'object') return custom;
  const c = custom as Data;
  return 'institutionId' in c ? c : { ...c, institutionId: null };
}

/** v1 decisions named the reviewer's institution; the directory id of that name is the institution they acted for. */
const reviewerWithId = (data: Data): Data => ({ ...data, institutionId: institutionIdForName(String(data.institutionName ?? '')) });

/**
 * The ledger's schema history (see `UpcastingEventStore`). Version 2 of the achievement and
 * learning-account events refers to institutions by directory id; version-1 events named them, and
 * are read with the id the directory lists that name under (`institutionIdForName`). A request
 * submitted under v1 went to the institution of that name: it stays addressed there.
 */
export const ledgerUpcasters: Upcasters = {
  AchievementStored: { version: 2, steps: { 1: (d) => ({ ...d, catalogItem: snapshotWithId(d.catalogItem), custom: customWithId(d.custom) }) } },
  AchievementAmended: {
    version: 2,
    steps: {
      1: (d) => {
        const changes = { ...((d.changes as Data) ?? {}) };
        if ('catalogItem' in changes) changes.catalogItem = snapshotWithId(changes.catalogItem);
        if ('custom' in changes) changes.custom = customWithId(changes.custom);
        return { ...d, changes };
      },
    },
  },
  RecognitionRequested: {
    version: 2,
    steps: { 1: (d) => ({ ...d, responsibleInstitutionId: institutionIdForName(String(d.responsibleInstitution ?? '')), routing: 'institution' }) },
  },
  RecognitionClaimed: { version: 2, steps: { 1: reviewerWithId } },
  AchievementRecognised: { version: 2, steps: { 1: reviewerWithId } },
  RecognitionRejected: { version: 2, steps: { 1: reviewerWithId } },
  AchievementReturned: { version: 2, steps: { 1: reviewerWithId } },
  ConversionApplied: {
    version: 2,
    steps: {
      1: (d) => {
        const target = (d.target as Data) ?? {};
        return { ...d, target: { ...target, awardingInstitutionId: institutionIdForName(String(target.awardingInstitution ?? '')) } };
      },
    },
  },
};

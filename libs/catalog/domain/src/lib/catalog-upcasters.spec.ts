import { institutionIdForName, upcastEvent } from '@credit-bank/kernel';
import { catalogUpcasters } from './catalog-upcasters';

const meta = (schemaVersion?: number) => ({ eventId: 'e', correlationId: 'c', causationId: 'c', actor: 'system', occurredAt: '2025-03-01T08:00:00.000Z', ...(schemaVersion ? { schemaVersion } : {}) }) as never;
const up = (type: string, data: object, schemaVersion?: number) => upcastEvent(catalogUpcasters, { type, data, metadata: meta(schemaVersion) });

describe('catalogUpcasters', () => {
  it('gives a version-1 catalogue entry the directory id of the institution it named', () => {
    const event = up('CatalogItemPublished', { itemId: 'i', institutionName: '教育部考试中心', credits: 4 }, 1);
    expect(event.data).toEqual({ itemId: 'i', institutionName: '教育部考试中心', institutionId: institutionIdForName('教育部考试中心'), credits: 4 });
    expect(event.metadata).toMatchObject({ schemaVersion: 2, storedSchemaVersion: 1 });
    // No schemaVersion stored at all reads as version 1.
    expect(up('CatalogItemPublished', { itemId: 'i', institutionName: ' 教育部考试中心' }).data).toMatchObject({ institutionId: institutionIdForName('教育部考试中心') });
  });

  it('upcasts a revision only where it changed the institution', () => {
    expect(up('CatalogItemRevised', { itemId: 'i', changes: { institutionName: '省级考试中心' } }, 1).data).toEqual({
      itemId: 'i',
      changes: { institutionName: '省级考试中心', institutionId: institutionIdForName('省级考试中心') },
    });
    expect(up('CatalogItemRevised', { itemId: 'i', changes: { credits: 5 } }, 1).data).toEqual({ itemId: 'i', changes: { credits: 5 } });
  });

  it('gives a version-1 rule target the awarding institution id, published or revised', () => {
    for (const type of ['ConversionRulePublished', 'ConversionRuleRevised']) {
      expect(up(type, { ruleId: 'r', target: { programme: 'p', awardingInstitution: '广东开放大学', credits: 3 } }, 1).data).toEqual({
        ruleId: 'r',
        target: { programme: 'p', awardingInstitution: '广东开放大学', awardingInstitutionId: institutionIdForName('广东开放大学'), credits: 3 },
      });
    }
  });

  it('leaves version-2 events as they were written', () => {
    const data = { itemId: 'i', institutionId: 'chosen-id', institutionName: '教育部考试中心' };
    expect(up('CatalogItemPublished', data, 2).data).toBe(data);
  });
});

import { DomainEvent } from '@credit-bank/kernel';

/**
 * What the directory says of a qualification institution (资历机构): the identity that catalogue
 * entries, conversion rules and institution accounts refer to by id. Names are for people.
 */
export interface QualificationInstitutionContent {
  /** 资历机构名称, as displayed (trimmed, inner white space collapsed). */
  name: string;
  /** Unified social credit code (统一社会信用代码), upper case; null when not recorded. */
  creditCode: string | null;
  /** Other names it is known by (searchable), without the name itself. */
  aliases: string[];
}

/**
 * Listed in the directory (by the administrator, by the seed, or by the start-up backfill of an
 * institution an older catalogue entry named). Not `InstitutionRegistered`: that is identity's
 * institution account, a different thing.
 */
export type QualificationInstitutionListed = DomainEvent<
  'QualificationInstitutionListed',
  { institutionId: string } & QualificationInstitutionContent & { listedAt: string }
>;

/** Only the fields that changed are in `changes` (`creditCode: null`: the code was removed). */
export type QualificationInstitutionRevised = DomainEvent<
  'QualificationInstitutionRevised',
  { institutionId: string; changes: Partial<QualificationInstitutionContent>; revisedAt: string }
>;

export type QualificationInstitutionEvent = QualificationInstitutionListed | QualificationInstitutionRevised;

export const QUALIFICATION_INSTITUTION_EVENT_TYPES: ReadonlyArray<QualificationInstitutionEvent['type']> = ['QualificationInstitutionListed', 'QualificationInstitutionRevised'];

export const QUALIFICATION_INSTITUTION_STREAM_PREFIX = 'catalog.institution-';
export const qualificationInstitutionStreamId = (institutionId: string): string => `${QUALIFICATION_INSTITUTION_STREAM_PREFIX}${institutionId}`;

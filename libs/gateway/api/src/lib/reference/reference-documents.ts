import {
  CERTIFICATE_LEVELS,
  COUNTRIES,
  EDUCATION_LEVELS,
  ETHNICITIES,
  findRegion,
  PROVINCES,
  Region,
  regionChildren,
} from '@credit-bank/reference-data';
import { createHash } from 'node:crypto';
import {
  CertificateLevelsResponse,
  CountriesResponse,
  EducationLevelsResponse,
  EthnicitiesResponse,
  RegionsResponse,
  RegionView,
} from './reference.responses';

/** A reference list as served: its body, and an ETag of that body (the data changes only with a release). */
export interface ReferenceDocument<T> {
  body: T;
  etag: string;
}

function document<T>(body: T): ReferenceDocument<T> {
  return { body, etag: `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"` };
}

const regionView = (r: Region): RegionView => ({ code: r.code, name: r.name, level: r.level, hasChildren: (regionChildren(r.code)?.length ?? 0) > 0 });

export const COUNTRIES_DOCUMENT: ReferenceDocument<CountriesResponse> = document({
  standard: 'GB/T 2659 (ISO 3166-1)',
  items: COUNTRIES.map((c) => ({ code: c.alpha2, alpha3: c.alpha3, numeric: c.numeric, name: c.name, nameEn: c.nameEn })),
});

export const ETHNICITIES_DOCUMENT: ReferenceDocument<EthnicitiesResponse> = document({ standard: 'GB/T 3304-1991', items: ETHNICITIES.map((e) => ({ ...e })) });

export const CERTIFICATE_LEVELS_DOCUMENT: ReferenceDocument<CertificateLevelsResponse> = document({
  standard: '国家职业资格 / 职业技能等级',
  items: CERTIFICATE_LEVELS.map((l) => ({ ...l })),
});

export const EDUCATION_LEVELS_DOCUMENT: ReferenceDocument<EducationLevelsResponse> = document({ standard: 'GB/T 4658-2006', items: EDUCATION_LEVELS.map((l) => ({ ...l })) });

const regionDocuments = new Map<string, ReferenceDocument<RegionsResponse>>();

/** The provinces (no parent), or the divisions directly under `parent`; undefined for an unknown code. Made once per parent. */
export function regionsDocument(parent?: string): ReferenceDocument<RegionsResponse> | undefined {
  const key = parent ?? '';
  const known = regionDocuments.get(key);
  if (known) return known;
  const region = parent === undefined ? null : findRegion(parent);
  if (region === undefined) return undefined;
  const children = region ? (regionChildren(region.code) ?? []) : PROVINCES;
  const made = document<RegionsResponse>({ standard: 'GB/T 2260', parent: region ? regionView(region) : null, items: children.map(regionView) });
  regionDocuments.set(key, made);
  return made;
}

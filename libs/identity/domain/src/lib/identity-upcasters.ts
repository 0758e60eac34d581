import { Upcasters } from '@credit-bank/kernel';

/**
 * The identity service's schema history. `InstitutionApproved` version 1 (before the catalogue's
 * directory of qualification institutions) named the institution only: it reads as
 * `institutionId: null`, an approved account linked to nothing, which reviews nothing until the
 * administrator links it. Stored events are never rewritten.
 */
export const identityUpcasters: Upcasters = {
  InstitutionApproved: {
    version: 2,
    steps: { 1: (data) => (data.institutionId === undefined ? { ...data, institutionId: null } : data) },
  },
};

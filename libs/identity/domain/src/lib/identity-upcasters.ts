import { Upcasters } from '@credit-bank/kernel';
import { RegisteredAddress } from './account/registration-rules';

type AddressV1 = { province: string; city: string; district: string; detail: string };

/**
 * The identity service's schema history. `AccountRegistered` version 1 held the free text the
 * person typed for 国籍, 民族 and the 省/市/区: it reads as version 2 with null codes.
 * `InstitutionApproved` version 1 (before the catalogue's
 * directory of qualification institutions) named the institution only: it reads as
 * `institutionId: null`, an approved account linked to nothing, which reviews nothing until the
 * administrator links it. Stored events are never rewritten.
 */
export const identityUpcasters: Upcasters = {
  AccountRegistered: {
    version: 2,
    steps: {
      1: (data) => {
        // An erased account's address reads as null (its key was destroyed): it stays null.
        if (data.address === null) return { ...data, nationalityCode: null, ethnicityCode: null };
        const a = (data.address ?? {}) as AddressV1;
        const address: RegisteredAddress = { province: a.province, provinceCode: null, city: a.city, cityCode: null, district: a.district, districtCode: null, detail: a.detail };
        return { ...data, nationalityCode: null, ethnicityCode: null, address };
      },
    },
  },
  InstitutionApproved: {
    version: 2,
    steps: { 1: (data) => (data.institutionId === undefined ? { ...data, institutionId: null } : data) },
  },
};

import { DomainError, FieldError } from '@credit-bank/kernel';
import { findCountry, findEthnicity, findRegion, RegionPart, RegionProblem, regionPathProblems } from '@credit-bank/reference-data';
import { IdentityErrorCodes, IdentityFieldCodes as F } from '../identity-errors';
import { isPlausibleBirthDate } from '../value-objects/calendar-date';
import {
  GENDERS,
  Gender,
  ID_NUMBER_SHAPES,
  ID_TYPES,
  IdType,
  isMainlandMobile,
  isValidEmail,
  meetsPasswordPolicy,
  normalizeEmail,
  normalizeIdNumber,
  USERNAME_PATTERN,
} from '../value-objects/personal-data';
import { residentIdBirthDate, residentIdProblem } from '../value-objects/resident-id-number';
import { creditCodeProblem } from '@credit-bank/kernel';

/**
 * 联系地址 as the form sends it: GB/T 2260 codes of the province, the city and the district
 * (city and district absent where the level above has none, e.g. 810000 香港特别行政区, 441900 东莞市).
 */
export interface Address {
  province: string;
  city?: string | null;
  district?: string | null;
  detail: string;
}

/** What an individual (个人用户) tells about themself at registration, password aside. */
export interface IndividualProfile {
  username: string;
  realName: string;
  /** GB/T 2659 code (国籍), alpha-2 or alpha-3; normalized to alpha-2. */
  nationality: string;
  /** GB/T 3304 code (民族). */
  ethnicity: string;
  gender: Gender;
  idType: IdType;
  idNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
  email: string;
  address: Address;
  mobile: string;
}

/** What an institution (专业机构) tells at registration, password aside. */
export interface InstitutionProfile {
  username: string;
  name: string;
  unifiedSocialCreditCode: string;
  contactName: string;
  email: string;
  mobile: string;
}

const MAX_LENGTH = { short: 50, long: 100, detail: 200 };

const trim = (v: string): string => (typeof v === 'string' ? v.trim() : v);
// An empty select (city or district where the level above has none) is no choice at all.
const optionalCode = (v: string | null | undefined): string | null => (typeof v === 'string' ? v.trim() || null : (v ?? null));

export function normalizeIndividualProfile(p: IndividualProfile): IndividualProfile {
  return {
    username: trim(p.username),
    realName: trim(p.realName),
    nationality: findCountry(p.nationality)?.alpha2 ?? trim(p.nationality),
    ethnicity: trim(p.ethnicity),
    gender: p.gender,
    idType: p.idType,
    idNumber: typeof p.idNumber === 'string' ? normalizeIdNumber(p.idNumber) : p.idNumber,
    birthDate: trim(p.birthDate),
    email: typeof p.email === 'string' ? normalizeEmail(p.email) : p.email,
    address: normalizeAddress(p.address),
    mobile: trim(p.mobile),
  };
}

/** Each part trimmed, an empty city or district select absent (a missing address stays a set of missing parts, for the field errors). */
export function normalizeAddress(a: Address): Address {
  return { province: trim(a?.province), city: optionalCode(a?.city), district: optionalCode(a?.district), detail: trim(a?.detail) };
}

export function normalizeInstitutionProfile(p: InstitutionProfile): InstitutionProfile {
  return {
    username: trim(p.username),
    name: trim(p.name),
    unifiedSocialCreditCode: typeof p.unifiedSocialCreditCode === 'string' ? p.unifiedSocialCreditCode.trim().toUpperCase() : p.unifiedSocialCreditCode,
    contactName: trim(p.contactName),
    email: typeof p.email === 'string' ? normalizeEmail(p.email) : p.email,
    mobile: trim(p.mobile),
  };
}

function text(errors: FieldError[], field: string, value: unknown, max: number): void {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ field, code: F.REQUIRED, message: `${field} is required.` });
  else if (value.length > max) errors.push({ field, code: F.TOO_LONG, message: `${field} must be at most ${max} characters.`, params: { max } });
}

const REGION_CODES: Record<RegionProblem, string> = { required: F.REQUIRED, unknown: F.REGION_UNKNOWN, mismatch: F.REGION_MISMATCH };
const REGION_MESSAGES: Record<RegionProblem, (part: RegionPart) => string> = {
  required: (part) => `address.${part} is required.`,
  unknown: (part) => `address.${part} must be the GB/T 2260 code of a ${part}.`,
  mismatch: (part) => (part === 'city' ? 'address.city must be a city of the province.' : 'address.district must be a district of the city.'),
};

/** 国籍, 民族 and the 省/市/区 of the address: codes of the national standards, the address a real combination. */
function codedChoiceErrors(errors: FieldError[], p: IndividualProfile): void {
  if (typeof p.nationality !== 'string' || p.nationality === '') errors.push({ field: 'nationality', code: F.REQUIRED, message: 'nationality is required.' });
  else if (!findCountry(p.nationality)) errors.push({ field: 'nationality', code: F.NATIONALITY_UNKNOWN, message: 'nationality must be a GB/T 2659 country code (e.g. CN).' });
  if (typeof p.ethnicity !== 'string' || p.ethnicity === '') errors.push({ field: 'ethnicity', code: F.REQUIRED, message: 'ethnicity is required.' });
  else if (!findEthnicity(p.ethnicity)) errors.push({ field: 'ethnicity', code: F.ETHNICITY_UNKNOWN, message: 'ethnicity must be a GB/T 3304 code (01–56, 97 or 98).' });
}

function usernameErrors(errors: FieldError[], username: unknown): void {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    errors.push({ field: 'username', code: F.USERNAME_FORMAT, message: 'username must be 4 to 32 letters, digits or underscores.' });
  } else if (/^\d+$/.test(username)) {
    errors.push({ field: 'username', code: F.USERNAME_ALL_DIGITS, message: 'username must not be all digits (it could be mistaken for a mobile number).' });
  }
}

function contactErrors(errors: FieldError[], email: unknown, mobile: unknown): void {
  if (typeof email !== 'string' || !isValidEmail(email)) errors.push({ field: 'email', code: F.EMAIL_FORMAT, message: 'email must be an email address.' });
  if (typeof mobile !== 'string' || !isMainlandMobile(mobile)) {
    errors.push({ field: 'mobile', code: F.MOBILE_FORMAT, message: 'mobile must be a mainland mobile number of 11 digits.' });
  }
}

function termsErrors(errors: FieldError[], acceptTerms: unknown): void {
  if (acceptTerms !== true) errors.push({ field: 'acceptTerms', code: F.TERMS_NOT_ACCEPTED, message: 'The terms of service must be accepted.' });
}

/** The password policy (8–64 characters, letters and digits) and the confirmation. */
export function passwordErrors(password: unknown, confirmation: unknown, field = 'password', confirmationField = 'passwordConfirmation'): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof password !== 'string' || !meetsPasswordPolicy(password)) {
    errors.push({ field, code: F.PASSWORD_POLICY, message: `${field} must be 8 to 64 characters with at least one letter and one digit.` });
  }
  if (password !== confirmation) errors.push({ field: confirmationField, code: F.PASSWORD_MISMATCH, message: `${confirmationField} must equal ${field}.` });
  return errors;
}

function idNumberErrors(errors: FieldError[], p: IndividualProfile): void {
  if (typeof p.idNumber !== 'string' || p.idNumber === '') {
    errors.push({ field: 'idNumber', code: F.REQUIRED, message: 'idNumber is required.' });
    return;
  }
  switch (p.idType) {
    case 'resident-id-card': {
      const problem = residentIdProblem(p.idNumber);
      if (problem === 'format') {
        errors.push({ field: 'idNumber', code: F.ID_NUMBER_FORMAT, message: 'A resident ID number has 17 digits and a check digit or X.' });
      } else if (problem === 'birth-date') {
        errors.push({ field: 'idNumber', code: F.ID_NUMBER_BIRTH_DATE, message: 'The birth date inside the ID number is not a real date.' });
      } else if (problem === 'check-digit') {
        errors.push({ field: 'idNumber', code: F.ID_NUMBER_CHECK_DIGIT, message: 'The ID number check digit is wrong.' });
      } else if (residentIdBirthDate(p.idNumber) !== p.birthDate) {
        errors.push({ field: 'birthDate', code: F.BIRTH_DATE_MISMATCH, message: 'birthDate must equal the birth date in the ID number.' });
      }
      return;
    }
    case 'passport':
    case 'hk-macao-permit':
    case 'taiwan-permit':
      if (!ID_NUMBER_SHAPES[p.idType].test(p.idNumber)) {
        errors.push({ field: 'idNumber', code: F.ID_NUMBER_FORMAT, message: `The number is not shaped like a ${p.idType} number.` });
      }
      return;
    default:
      // An unknown idType is reported on its own field.
      return;
  }
}

/** Every rule an individual's (normalized) registration breaks, password aside. */
export function individualProfileErrors(p: IndividualProfile, acceptTerms: unknown, now: string): FieldError[] {
  const errors: FieldError[] = [];
  usernameErrors(errors, p.username);
  text(errors, 'realName', p.realName, MAX_LENGTH.short);
  codedChoiceErrors(errors, p);
  if (!(GENDERS as readonly string[]).includes(p.gender)) errors.push({ field: 'gender', code: F.GENDER, message: `gender must be one of ${GENDERS.join(', ')}.` });
  if (!(ID_TYPES as readonly string[]).includes(p.idType)) errors.push({ field: 'idType', code: F.ID_TYPE, message: `idType must be one of ${ID_TYPES.join(', ')}.` });
  const birthDateOk = typeof p.birthDate === 'string' && isPlausibleBirthDate(p.birthDate, now);
  if (!birthDateOk) errors.push({ field: 'birthDate', code: F.BIRTH_DATE_INVALID, message: 'birthDate must be a real past date (YYYY-MM-DD) from 1900 on.' });
  idNumberErrors(errors, p);
  if (!birthDateOk) {
    // The birth date is already reported; a mismatch against it says nothing more.
    const at = errors.findIndex((e) => e.code === F.BIRTH_DATE_MISMATCH);
    if (at >= 0) errors.splice(at, 1);
  }
  contactErrors(errors, p.email, p.mobile);
  errors.push(...addressErrors(p.address));
  termsErrors(errors, acceptTerms);
  return errors;
}

/**
 * The rules of a (normalized) contact address (联系地址), at registration and when it is changed:
 * 省/市/区 GB/T 2260 codes of a real combination, the detail required and bounded.
 */
export function addressErrors(address: Address | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const { part, problem } of regionPathProblems(address ?? {})) {
    errors.push({ field: `address.${part}`, code: REGION_CODES[problem], message: REGION_MESSAGES[problem](part) });
  }
  text(errors, 'address.detail', address?.detail, MAX_LENGTH.detail);
  return errors;
}

/** Every rule an institution's (normalized) registration breaks, password aside. */
export function institutionProfileErrors(p: InstitutionProfile, acceptTerms: unknown): FieldError[] {
  const errors: FieldError[] = [];
  usernameErrors(errors, p.username);
  text(errors, 'name', p.name, MAX_LENGTH.long);
  const problem = typeof p.unifiedSocialCreditCode === 'string' ? creditCodeProblem(p.unifiedSocialCreditCode) : 'format';
  if (problem === 'format') {
    errors.push({ field: 'unifiedSocialCreditCode', code: F.CREDIT_CODE_FORMAT, message: 'A unified social credit code has 18 characters of 0-9 and A-Z without I, O, S, V, Z.' });
  } else if (problem === 'check-character') {
    errors.push({ field: 'unifiedSocialCreditCode', code: F.CREDIT_CODE_CHECK_CHARACTER, message: 'The unified social credit code check character is wrong.' });
  }
  text(errors, 'contactName', p.contactName, MAX_LENGTH.short);
  contactErrors(errors, p.email, p.mobile);
  termsErrors(errors, acceptTerms);
  return errors;
}

/**
 * The coded choices of a (valid, normalized) profile as AccountRegistered records them: each code
 * with the name it had in the list at registration, so the record reads the same if a list changes.
 */
export function registeredChoices(p: IndividualProfile): {
  nationality: string;
  nationalityCode: string;
  ethnicity: string;
  ethnicityCode: string;
  address: RegisteredAddress;
} {
  return {
    nationality: findCountry(p.nationality)?.name ?? p.nationality,
    nationalityCode: p.nationality,
    ethnicity: findEthnicity(p.ethnicity)?.name ?? p.ethnicity,
    ethnicityCode: p.ethnicity,
    address: registeredAddress(p.address),
  };
}

/** A (valid, normalized) address as the events keep it: each GB/T 2260 code with its name. */
export function registeredAddress(a: Address): RegisteredAddress {
  const nameOf = (code: string | null | undefined): string | null => (code ? (findRegion(code)?.name ?? null) : null);
  return {
    province: nameOf(a.province) ?? a.province,
    provinceCode: a.province,
    city: nameOf(a.city),
    cityCode: a.city ?? null,
    district: nameOf(a.district),
    districtCode: a.district ?? null,
    detail: a.detail,
  };
}

/**
 * 联系地址 as AccountRegistered (schema 2) keeps it: the names with their GB/T 2260 codes. Events of
 * schema 1 held free text and are upcast with null codes; city and district are null where the
 * level above has none.
 */
export interface RegisteredAddress {
  province: string;
  provinceCode: string | null;
  city: string | null;
  cityCode: string | null;
  district: string | null;
  districtCode: string | null;
  detail: string;
}

export function registrationInvalid(errors: FieldError[]): DomainError {
  return new DomainError(IdentityErrorCodes.REGISTRATION_INVALID, 'validation', 'The registration breaks some rules.', undefined, errors);
}

export function profileInvalid(errors: FieldError[]): DomainError {
  return new DomainError(IdentityErrorCodes.PROFILE_INVALID, 'validation', 'The profile change breaks some rules.', undefined, errors);
}

export function passwordInvalid(errors: FieldError[]): DomainError {
  return new DomainError(IdentityErrorCodes.PASSWORD_INVALID, 'validation', 'The new password breaks some rules.', undefined, errors);
}

export interface IndividualRegistrationForm extends IndividualProfile {
  password: string;
  passwordConfirmation: string;
  acceptTerms: boolean;
}

export interface InstitutionRegistrationForm extends InstitutionProfile {
  password: string;
  passwordConfirmation: string;
  acceptTerms: boolean;
}

/**
 * The whole form, password included, checked before anything is hashed or reserved; throws
 * IDENTITY.REGISTRATION_INVALID listing every bad field. Returns the normalized profile.
 */
export function checkIndividualRegistration(form: IndividualRegistrationForm, now: string): IndividualProfile {
  const profile = normalizeIndividualProfile(form);
  const errors = [...passwordErrors(form.password, form.passwordConfirmation), ...individualProfileErrors(profile, form.acceptTerms, now)];
  if (errors.length) throw registrationInvalid(errors);
  return profile;
}

export function checkInstitutionRegistration(form: InstitutionRegistrationForm): InstitutionProfile {
  const profile = normalizeInstitutionProfile(form);
  const errors = [...passwordErrors(form.password, form.passwordConfirmation), ...institutionProfileErrors(profile, form.acceptTerms)];
  if (errors.length) throw registrationInvalid(errors);
  return profile;
}

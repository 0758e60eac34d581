/** Small value rules of the registration form: usernames, passwords, mobiles, emails, ID documents. */

export const USERNAME_PATTERN = /^[A-Za-z0-9_]{4,32}$/;
export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * ID documents accepted at registration: the mainland resident ID card, a passport, the
 * Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证) and the one for
 * Taiwan Residents (台湾居民来往大陆通行证).
 */
export const ID_TYPES = ['resident-id-card', 'passport', 'hk-macao-permit', 'taiwan-permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** Shapes of the documents other than the resident ID card (which has its own check digit rules). */
export const ID_NUMBER_SHAPES: Record<Exclude<IdType, 'resident-id-card'>, RegExp> = {
  passport: /^[A-Z0-9]{5,17}$/,
  'hk-macao-permit': /^[HM]\d{8}(\d{2})?$/,
  'taiwan-permit': /^\d{8}(\d{2})?$/,
};

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && !/^\d+$/.test(username);
}

/** Usernames are unique and matched without regard to case. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export function isMainlandMobile(mobile: string): boolean {
  return MAINLAND_MOBILE_PATTERN.test(mobile);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}

export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** 8 to 64 characters with at least one letter and one digit. */
export function meetsPasswordPolicy(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH && /[A-Za-z]/.test(password) && /\d/.test(password);
}

/**
 * An ID number for display: the first 6 and last 4 characters visible, the rest `*`
 * (`440106********123X`). Short numbers keep only their first and last character.
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length > 10) return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
  if (idNumber.length <= 2) return '*'.repeat(idNumber.length);
  return `${idNumber[0]}${'*'.repeat(idNumber.length - 2)}${idNumber[idNumber.length - 1]}`;
}

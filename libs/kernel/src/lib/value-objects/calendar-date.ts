const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a YYYY-MM-DD string naming a day that exists in the (proleptic) Gregorian calendar:
 * no 2023-02-29, no 2023-13-01. `setUTCFullYear`, not `Date.UTC`, which reads years 0–99 as
 * 1900–1999 and so refused 0028-03-04 while the OpenAPI document allows it. The one definition
 * for every service's domain rules and the gateway's validators.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

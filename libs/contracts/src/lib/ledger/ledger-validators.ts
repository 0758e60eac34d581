import { isCalendarDate } from '@credit-bank/kernel';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/** A YYYY-MM-DD string naming a day that exists (no 2023-02-29). Not-in-the-future is a ledger rule. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a real date as YYYY-MM-DD`,
      },
    },
    options,
  );
}

const given = (value: unknown): boolean => value !== undefined && value !== null;

/** Exactly one of this property and `other` is given. */
export function ExactlyOneOf(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'exactlyOneOf',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => given(value) !== given((args?.object as Record<string, unknown>)?.[other]),
        defaultMessage: (args?: ValidationArguments) => `give exactly one of ${args?.property} and ${other}`,
      },
    },
    options,
  );
}

/** This property and `other` are not both given. */
export function NotTogetherWith(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notTogetherWith',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => !(given(value) && given((args?.object as Record<string, unknown>)?.[other])),
        defaultMessage: (args?: ValidationArguments) => `give ${args?.property} or ${other}, not both`,
      },
    },
    options,
  );
}

/** Trims strings (other values pass through for the type validators to judge). */
export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Canonical UUID text (any version: catalogue ids are v8, evidence and achievement ids v4). */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Metadata key of `AtLeastOneOf`, read by the gateway's OpenAPI document. */
export const AT_LEAST_ONE_OF = 'credit-bank:atLeastOneOf';

/**
 * Says, for the OpenAPI document, that at least one of these properties is present: the
 * @ValidateIf pair on them enforces it (neither given → both refused), a lambda no document can read.
 */
export function AtLeastOneOf(...properties: string[]): ClassDecorator {
  return (target) => Reflect.defineMetadata(AT_LEAST_ONE_OF, properties, target);
}

import { ErrorPayload, FieldError } from '@credit-bank/kernel';
import { ProblemLanguage } from './accept-language';
import { fieldLabelZhCn } from './field-labels.zh-cn';
import { FIELD_FALLBACK_ZH_CN, KIND_MESSAGES_ZH_CN, MessageTemplate, MessageValues, PROBLEM_MESSAGES_ZH_CN } from './problem-messages.zh-cn';

function render(template: MessageTemplate, values: MessageValues): string {
  if (typeof template === 'function') return template(values);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (values[name] === undefined || values[name] === null ? '' : String(values[name])));
}

/** The Chinese wording of a field error: its code's text, with the field's label and the error's params. */
function fieldMessageZhCn(error: FieldError): string {
  const values = { ...(error.params ?? {}), label: fieldLabelZhCn(error.field) };
  return render(PROBLEM_MESSAGES_ZH_CN[error.code] ?? FIELD_FALLBACK_ZH_CN, values);
}

/**
 * The problem as the client reads it. English is what the services wrote, word for word; zh-CN
 * is worded from the stable codes (and the values in `details` and each field error's `params`),
 * a code without a text falling back to one of its kind. Codes, fields and details never change.
 */
export function localizeProblem(payload: ErrorPayload, language: ProblemLanguage): ErrorPayload {
  if (language === 'en') return payload;
  const template = PROBLEM_MESSAGES_ZH_CN[payload.code];
  const message = template ? render(template, payload.details ?? {}) : (KIND_MESSAGES_ZH_CN[payload.kind] ?? KIND_MESSAGES_ZH_CN.validation);
  return { ...payload, message, ...(payload.errors ? { errors: payload.errors.map((e) => ({ ...e, message: fieldMessageZhCn(e) })) } : {}) };
}

import { ErrorPayload } from '@credit-bank/kernel';
import { localizeProblem } from './localize-problem';

describe('localizeProblem', () => {
  const registration: ErrorPayload = {
    code: 'IDENTITY.REGISTRATION_INVALID',
    kind: 'validation',
    message: 'The registration breaks some rules.',
    errors: [
      { field: 'realName', code: 'IDENTITY.TOO_LONG', message: 'realName must be at most 50 characters.', params: { max: 50 } },
      { field: 'nationality', code: 'IDENTITY.NATIONALITY_UNKNOWN', message: 'nationality must be a GB/T 2659 country code (e.g. CN).' },
      { field: 'address.district', code: 'IDENTITY.REGION_MISMATCH', message: 'address.district must be a district of the city.' },
    ],
  };

  it('leaves English as the service wrote it', () => {
    expect(localizeProblem(registration, 'en')).toBe(registration);
  });

  it('words zh-CN from the codes, with the field labels and the values, codes and fields unchanged', () => {
    expect(localizeProblem(registration, 'zh-CN')).toEqual({
      code: 'IDENTITY.REGISTRATION_INVALID',
      kind: 'validation',
      message: '注册信息有误，请按提示修改。',
      errors: [
        { field: 'realName', code: 'IDENTITY.TOO_LONG', message: '真实姓名最多 50 个字符。', params: { max: 50 } },
        { field: 'nationality', code: 'IDENTITY.NATIONALITY_UNKNOWN', message: '请从国籍列表（GB/T 2659）中选择。' },
        { field: 'address.district', code: 'IDENTITY.REGION_MISMATCH', message: '所选的区/县不属于所选的市。' },
      ],
    });
  });

  it('takes the values of a problem from its details', () => {
    const stale: ErrorPayload = { code: 'LEDGER.REVISION_MISMATCH', kind: 'precondition_failed', message: '…', details: { expectedRevision: 1, currentRevision: 2 } };
    expect(localizeProblem(stale, 'zh-CN').message).toBe('成果在您读取后已被修改（您读取的是第 1 版，当前为第 2 版），请重新读取。');
    const limited: ErrorPayload = { code: 'IDENTITY.SMS_RATE_LIMITED', kind: 'rate_limited', message: '…', details: { retryAfterSeconds: 42 } };
    expect(localizeProblem(limited, 'zh-CN').message).toBe('验证码发送过于频繁，请 42 秒后再试。');
  });

  it('words class-validator errors from their constraint and its arguments', () => {
    const invalid: ErrorPayload = {
      code: 'VALIDATION.INVALID_INPUT',
      kind: 'validation',
      message: 'The request has invalid fields.',
      errors: [
        { field: 'type', code: 'isIn', message: 'type must be one of the following values: individual, institution', params: { values: 'individual, institution' } },
        { field: 'address.province', code: 'isLength', message: 'province must be longer than or equal to 1 characters', params: { min: 1, max: 50 } },
        { field: 'isAdmin', code: 'whitelistValidation', message: 'property isAdmin should not exist' },
        { field: 'sources.catalogItemIds[1]', code: 'CATALOG.DUPLICATE', message: 'this entry is listed twice' },
      ],
    };
    expect(localizeProblem(invalid, 'zh-CN').errors?.map((e) => e.message)).toEqual([
      '类型须为以下值之一：individual, institution。',
      '省长度须为 1–50 个字符。',
      '不接受字段 isAdmin。',
      '来源成果目录条目第 2 项重复。',
    ]);
  });

  it('falls back to the kind for a code it has no text for, never to English', () => {
    const unknown: ErrorPayload = { code: 'X.NEW', kind: 'conflict', message: 'Something new', errors: [{ field: 'q', code: 'X.FIELD', message: 'bad' }] };
    expect(localizeProblem(unknown, 'zh-CN')).toMatchObject({ message: '操作与当前状态冲突。', errors: [{ message: '关键词不符合要求。' }] });
  });
});

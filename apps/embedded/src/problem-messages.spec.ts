import { CatalogErrorCodes, CatalogFieldCodes } from '@credit-bank/catalog-domain';
import { CATALOG_ERROR_CODES, CONVERSION_ERROR_CODES, LEDGER_ERROR_CODES } from '@credit-bank/contracts';
import { PROBLEM_MESSAGES_ZH_CN } from '@credit-bank/gateway-api';
import { IdentityErrorCodes, IdentityFieldCodes } from '@credit-bank/identity-domain';
import { LedgerErrorCodes, LedgerFieldCodes } from '@credit-bank/ledger-domain';
import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every stable code has a zh-CN text in the gateway's table (problems are Chinese unless the
 * client asks for English): the code constants of every service, every code literal in the
 * sources (gateway, platform, kernel and adapter codes included), and every class-validator
 * constraint the request DTOs declare. A new code without a text fails here.
 */
describe('zh-CN texts of the error codes', () => {
  const root = join(__dirname, '../../..');
  const missing = (codes: Iterable<string>) => [...new Set(codes)].filter((code) => !PROBLEM_MESSAGES_ZH_CN[code]).sort();

  it('cover the code constants of identity, catalog and ledger (and the contracts that repeat them)', () => {
    const constants = [IdentityErrorCodes, IdentityFieldCodes, CatalogErrorCodes, CatalogFieldCodes, LedgerErrorCodes, LedgerFieldCodes, CATALOG_ERROR_CODES, CONVERSION_ERROR_CODES, LEDGER_ERROR_CODES];
    expect(missing(constants.flatMap((c) => Object.values(c) as string[]))).toEqual([]);
  });

  it('cover every code literal in the sources', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'node_modules' && name !== 'testing') walk(path);
        } else if (name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name)) files.push(path);
      }
    };
    walk(join(root, 'libs'));
    walk(join(root, 'apps'));
    const literals = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z_]*\.[A-Z][A-Z0-9_]*)'/g)].map((m) => ({ code: m[1], file: relative(root, file) })));
    expect(literals.length).toBeGreaterThan(100);
    expect(literals.filter((l) => !PROBLEM_MESSAGES_ZH_CN[l.code]).map((l) => `${l.code} (${l.file})`)).toEqual([]);
  });

  it('cover every class-validator constraint of the request DTOs', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Array<{ type: string; name?: string }>> | Array<{ type: string; name?: string }> };
    const all = storage.validationMetadatas instanceof Map ? [...storage.validationMetadatas.values()].flat() : storage.validationMetadatas;
    const constraints = all.flatMap((m) => (m.type === 'customValidation' ? [m.name ?? ''] : m.type === 'conditionalValidation' ? [] : [m.type]));
    expect(constraints).toContain('isLength');
    // Raised by the validation options rather than a decorator.
    expect(missing([...constraints, 'whitelistValidation', 'unknownValue'])).toEqual([]);
  });

  it('are Chinese', () => {
    for (const [code, template] of Object.entries(PROBLEM_MESSAGES_ZH_CN)) {
      const text = typeof template === 'string' ? template : template({ label: '字段', max: 1, min: 1, values: 'a', other: 'b' });
      expect({ code, chinese: /[\u4e00-\u9fff]/.test(text) }).toEqual({ code, chinese: true });
    }
  });
});

import { StatementView } from '@credit-bank/contracts';
import { writeFileSync } from 'node:fs';
import { wantsPdf } from './learning-account.controller';
import { chinaTime, renderStatementPdf } from './statement-pdf';

const labels = { categories: { 'vocational-qualification': '职业资格证书成果' }, types: { 'skill-level-certificate': '职业技能等级证书' }, levels: { 3: '第三级' } };

function statementWith(achievements: number): StatementView {
  return {
    learnerId: 'learner-1',
    learnerName: '王五',
    asOf: '2025-06-30T15:59:59.999Z',
    generatedAt: '2025-07-01T02:00:00.000Z',
    totals: { recognised: achievements * 2, available: achievements * 2, held: 0, spent: 0 },
    byCategory: [{ category: 'vocational-qualification', recognised: achievements * 2, available: achievements * 2, held: 0, spent: 0 }],
    byFrameworkLevel: [{ frameworkLevel: 3, recognised: achievements * 2, available: achievements * 2, held: 0, spent: 0 }],
    achievements: Array.from({ length: achievements }, (_, i) => ({
      achievementId: `a-${i}`,
      achievementName: `企业人力资源管理师职业技能等级证书 ${i + 1}`,
      issuingInstitution: '广东省职业技能鉴定指导中心',
      catalogItemId: null,
      category: 'vocational-qualification',
      type: 'skill-level-certificate',
      frameworkLevel: 3,
      credits: 2,
      recognisedBy: '广东省职业技能鉴定指导中心',
      recognisedAt: '2025-03-01T08:00:00.000Z',
      state: 'available' as const,
      applicationId: null,
    })),
    conversions: [],
  };
}

describe('statement PDF (成绩单)', () => {
  it('is an A4 PDF with the Noto Sans SC subset embedded, and flows over pages', async () => {
    const pdf = await renderStatementPdf(statementWith(60), labels);
    if (process.env.STATEMENT_PDF_OUT) writeFileSync(process.env.STATEMENT_PDF_OUT, pdf);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(raw.match(/\/Type \/Page\b/g)?.length).toBeGreaterThan(1);
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    // A subset, not the 10 MB font.
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('shows times in China time', () => {
    expect(chinaTime('2025-06-30T16:30:00.000Z')).toBe('2025-07-01 00:30');
    expect(chinaTime('2025-06-30T16:30:00.000Z', false)).toBe('2025-07-01');
    expect(chinaTime(null)).toBe('—');
  });

  it('is chosen by ?format=pdf or an Accept header preferring application/pdf', () => {
    expect(wantsPdf('pdf', undefined)).toBe(true);
    expect(wantsPdf('json', 'application/pdf')).toBe(false);
    expect(wantsPdf(undefined, 'application/pdf')).toBe(true);
    expect(wantsPdf(undefined, 'application/json, application/pdf;q=0.5')).toBe(false);
    expect(wantsPdf(undefined, 'application/pdf, application/json;q=0.9')).toBe(true);
    expect(wantsPdf(undefined, '*/*')).toBe(false);
    expect(wantsPdf(undefined, undefined)).toBe(false);
  });
});

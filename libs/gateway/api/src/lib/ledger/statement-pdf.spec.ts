import { StatementResponse } from '@credit-bank/contracts';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { wantsPdf } from './learning-account.controller';
import { chinaTime, renderStatementPdf } from './statement-pdf';

const labels = { categories: { 'vocational-qualification': '职业资格证书成果' }, types: { 'skill-level-certificate': '职业技能等级证书' }, levels: { 3: '第三级' } };

/**
 * The text of a PDF as pdf-parse (pdf.js) extracts it, with the pages kept apart. pdf.js loads its
 * worker with a dynamic import(), which jest's CommonJS sandbox refuses, so the extraction runs in a
 * plain Node child process (as apps/embedded/src/testing/pdf-text.ts does for the e2e specs).
 */
function pdfPages(pdf: Buffer): Promise<string[]> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      try { process.stdout.write(JSON.stringify((await parser.getText()).pages.map((p) => p.text))); }
      finally { await parser.destroy(); }
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf-parse failed: ${error.message}\n${stderr}`));
      else resolve((JSON.parse(stdout) as string[]).map((text) => text.replace(/\s+/g, '')));
    });
    child.stdin?.end(pdf);
  });
}

const RULE_ID = '3f1c2a9e-5b7d-4e21-9a0c-7d2e4b6f8a10';

function statementWith(achievements: number): StatementResponse {
  return {
    learnerId: 'learner-1',
    learnerName: '王五',
    learnerErased: false,
    holder: { realName: '王五', idType: 'resident-id-card', maskedIdNumber: '440106********123X' },
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
    conversions: [
      {
        applicationId: 'app-1',
        kind: 'achievement',
        ruleId: RULE_ID,
        ruleVersion: 2,
        ruleName: '职业技能等级证书转换《人力资源管理》课程学分',
        target: { programme: '工商管理（专科）', course: '人力资源管理', awardingInstitutionId: 'inst-x', awardingInstitution: '广东开放大学', credits: 3 },
        achievementIds: ['a-0'],
        status: 'approved',
        appliedAt: '2025-04-01T08:00:00.000Z',
        decidedAt: '2025-04-02T08:00:00.000Z',
        decidedBy: 'reviewer-1',
        reason: null,
        convertedCredits: 3,
        revokedAchievementIds: [],
      },
      {
        applicationId: 'app-2',
        kind: 'achievement',
        ruleId: 'unknown-rule-0000',
        ruleVersion: 1,
        ruleName: null,
        target: { programme: '工商管理（专科）', awardingInstitutionId: 'inst-x', awardingInstitution: '广东开放大学', credits: 2 },
        achievementIds: ['a-1'],
        status: 'pending',
        appliedAt: '2025-05-01T08:00:00.000Z',
        decidedAt: null,
        decidedBy: null,
        reason: null,
        convertedCredits: 0,
        revokedAchievementIds: [],
      },
    ],
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

  it('names the holder (real name, ID type, masked ID number) and each conversion’s rule with its version', async () => {
    const [first, ...rest] = await pdfPages(await renderStatementPdf(statementWith(3), labels));
    expect(rest).toEqual([]);
    for (const text of ['姓名：王五', '证件类型：居民身份证', '证件号码：440106********123X', '职业技能等级证书转换《人力资源管理》课程学分（第2版）', 'unknown-…（第1版）']) {
      expect(first).toContain(text);
    }
    expect(first).toContain('第1页/共1页');
  }, 30_000);

  it('shows an erased learner as 已注销, with no ID', async () => {
    const [first] = await pdfPages(await renderStatementPdf({ ...statementWith(1), learnerName: null, learnerErased: true, holder: null }, labels));
    expect(first).toContain('姓名：已注销');
    expect(first).toContain('证件号码：—');
    expect(first).not.toContain('王五');
  }, 30_000);

  it('numbers every page "第 N 页 / 共 M 页" and repeats the table header on each new page', async () => {
    const pdf = await renderStatementPdf(statementWith(60), labels);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(pages.length);
    pages.forEach((text, i) => {
      expect(text).toContain(`第${i + 1}页/共${pages.length}页`);
      // Every page after the first continues the 学习成果 table (or the tables after it) under its header row.
      if (i > 0) expect(text).toMatch(/成果名称成果分类\/类型等级学分认定机构认定日期状态|申请类型转换目标/);
    });
    // The holder's name and masked ID number on the first page only (the header block).
    expect(pages[0]).toContain('440106********123X');
  }, 30_000);

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

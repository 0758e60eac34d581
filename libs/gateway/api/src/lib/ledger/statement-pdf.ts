import { StatementResponse } from '@credit-bank/contracts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The printable statement (成绩单): an A4 PDF rendered with pdfkit and Noto Sans SC (SIL OFL,
 * from the npm package @expo-google-fonts/noto-sans-sc); pdfkit embeds only the glyphs used.
 * The pages are buffered so that each can say "第 N 页 / 共 M 页" once the last one is known.
 */
const FONT_DIR = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(join(FONT_DIR, '400Regular', 'NotoSansSC_400Regular.ttf')),
    bold: readFileSync(join(FONT_DIR, '700Bold', 'NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

/** Labels the PDF needs besides the ones fixed here: category and type names, level names (from the catalogue). */
export interface StatementLabels {
  categories: Record<string, string>;
  types: Record<string, string>;
  levels: Record<number, string>;
}

const STATE_LABEL: Record<string, string> = { available: '可用', held: '冻结（转换申请中）', spent: '已转换' };
const STATUS_LABEL: Record<string, string> = { pending: '待审核', approved: '通过', rejected: '不通过' };
const KIND_LABEL: Record<string, string> = { achievement: '转换成果申请', 'work-performance': '业绩类成果转换申请' };
const ID_TYPE_LABEL: Record<string, string> = {
  'resident-id-card': '居民身份证',
  passport: '护照',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
};

/** An ISO instant as China time, `YYYY-MM-DD HH:mm`. */
export function chinaTime(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '—';
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return withTime ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : t.slice(0, 10);
}

const credits = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

interface Column {
  header: string;
  width: number;
}

export function renderStatementPdf(statement: StatementResponse, labels: StatementLabels): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: '学分银行学习账户成绩单', Subject: `Statement of ${statement.learnerId} as of ${statement.asOf}`, Creator: 'Credit Bank' },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const contentWidth = A4.width - 2 * MARGIN;
  const bottom = A4.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#1a1a1a').text(text, MARGIN, doc.y);
    doc.moveDown(0.2);
  };
  const table = (columns: Column[], rows: string[][]) => {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * contentWidth);
    const row = (cells: string[], font: 'regular' | 'bold', shade: boolean) => {
      doc.font(font).fontSize(8.5);
      const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 6 }))) + 6;
      if (doc.y + height > bottom) {
        doc.addPage();
        // The header again on the new page.
        if (!shade) row(columns.map((c) => c.header), 'bold', true);
        doc.font(font).fontSize(8.5);
      }
      const y = doc.y;
      if (shade) doc.rect(MARGIN, y, contentWidth, height).fill('#eef2f7');
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.fillColor('#1a1a1a').text(cell, x + 3, y + 3, { width: widths[i] - 6 });
        x += widths[i];
      });
      doc.moveTo(MARGIN, y + height).lineTo(MARGIN + contentWidth, y + height).lineWidth(0.4).strokeColor('#b8c2cc').stroke();
      doc.x = MARGIN;
      doc.y = y + height;
    };
    row(columns.map((c) => c.header), 'bold', true);
    if (!rows.length) row(['（无）', ...columns.slice(1).map(() => '')], 'regular', false);
    for (const r of rows) row(r, 'regular', false);
  };

  // Title block
  doc.font('bold').fontSize(18).fillColor('#1a1a1a').text('学分银行 · 学习账户成绩单', { align: 'center' });
  doc.font('regular').fontSize(9).fillColor('#555555').text('Credit Bank — Statement of the Learning Account', { align: 'center' });
  doc.moveDown(0.8).fontSize(10).fillColor('#1a1a1a');
  const holder = statement.holder;
  // An erased account (注销) has no name any more: the statement says so.
  const name = statement.learnerErased ? '已注销' : (holder?.realName ?? statement.learnerName ?? '—');
  doc.text(`姓名：${name}        证件类型：${holder ? (ID_TYPE_LABEL[holder.idType] ?? holder.idType) : '—'}        证件号码：${holder?.maskedIdNumber ?? '—'}`);
  doc.text(`截至时间：${chinaTime(statement.asOf)}（北京时间）        生成时间：${chinaTime(statement.generatedAt)}`);
  doc.fontSize(8).fillColor('#555555').text(`学习账户编号：${statement.learnerId}`);
  doc.fillColor('#1a1a1a');

  heading('学分汇总');
  const t = statement.totals;
  table(
    [
      { header: '认定学分合计', width: 1 },
      { header: '可用学分', width: 1 },
      { header: '冻结学分（转换申请中）', width: 1.3 },
      { header: '已转换学分', width: 1 },
    ],
    [[credits(t.recognised), credits(t.available), credits(t.held), credits(t.spent)]],
  );

  heading('按成果分类');
  table(
    [
      { header: '成果分类', width: 2 },
      { header: '学分', width: 1 },
      { header: '可用', width: 1 },
      { header: '冻结', width: 1 },
      { header: '已转换', width: 1 },
    ],
    statement.byCategory.map((c) => [labels.categories[c.category] ?? c.category, credits(c.recognised), credits(c.available), credits(c.held), credits(c.spent)]),
  );

  heading('按资历框架等级');
  table(
    [
      { header: '资历框架等级', width: 2 },
      { header: '学分', width: 1 },
      { header: '可用', width: 1 },
      { header: '冻结', width: 1 },
      { header: '已转换', width: 1 },
    ],
    statement.byFrameworkLevel.map((l) => [
      l.frameworkLevel === null ? '—' : (labels.levels[l.frameworkLevel] ?? `第${l.frameworkLevel}级`),
      credits(l.recognised),
      credits(l.available),
      credits(l.held),
      credits(l.spent),
    ]),
  );

  heading('学习成果');
  table(
    [
      { header: '成果名称', width: 3 },
      { header: '成果分类 / 类型', width: 2.4 },
      { header: '等级', width: 0.8 },
      { header: '学分', width: 0.7 },
      { header: '认定机构', width: 2 },
      { header: '认定日期', width: 1.3 },
      { header: '状态', width: 1.3 },
    ],
    statement.achievements.map((a) => [
      a.achievementName,
      `${labels.categories[a.category] ?? a.category} / ${labels.types[a.type] ?? a.type}`,
      a.frameworkLevel === null ? '—' : String(a.frameworkLevel),
      credits(a.credits),
      a.recognisedBy ?? '—',
      chinaTime(a.recognisedAt, false),
      STATE_LABEL[a.state] ?? a.state,
    ]),
  );

  heading('转换记录');
  table(
    [
      { header: '申请类型', width: 1.6 },
      { header: '转换目标（转换机构 · 专业 · 课程）', width: 3.2 },
      { header: '转换规则（版本）', width: 2.4 },
      { header: '学分', width: 0.7 },
      { header: '状态', width: 1.2 },
      { header: '申请 / 决定日期', width: 1.6 },
    ],
    statement.conversions.map((c) => [
      KIND_LABEL[c.kind] ?? c.kind,
      `${c.target.awardingInstitution} · ${c.target.programme}${c.target.course ? ` · ${c.target.course}` : ''}（使用 ${c.achievementIds.length} 项成果）`,
      `${c.ruleName ?? `${c.ruleId.slice(0, 8)}…`}（第 ${c.ruleVersion} 版）`,
      credits(c.target.credits),
      `${STATUS_LABEL[c.status] ?? c.status}${c.reason ? `：${c.reason}` : ''}`,
      `${chinaTime(c.appliedAt, false)} / ${c.decidedAt ? chinaTime(c.decidedAt, false) : '—'}`,
    ]),
  );

  doc.moveDown(1.2);
  ensure(30);
  doc.font('regular').fontSize(8).fillColor('#555555').text(
    '本成绩单依据学分银行的事件记录生成，反映截至时间当时的学习账户状态；学分由认定机构认定，转换依当时生效的转换规则版本办理。',
    MARGIN,
    doc.y,
    { width: contentWidth },
  );

  // 第 N 页 / 共 M 页 in the bottom margin of every page (pdfkit would start a new page for text
  // below the margin, so the margin is lifted while writing there).
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.font('regular').fontSize(8).fillColor('#555555').text(`第 ${i + 1} 页 / 共 ${pages.count} 页`, MARGIN, A4.height - MARGIN + 14, { width: contentWidth, align: 'center', lineBreak: false });
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}

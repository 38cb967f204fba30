import type { ComplaintWorkflowRecord } from '../../shared/domain/complaint-record.ts';
import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { type DossierInput, renderDossier } from '../../shared/pdf/dossier.ts';
import { type DossierFonts, loadDossierFonts } from '../../shared/pdf/fonts.ts';
import { type Actor, type AuditEvent, emptyChain, nextEvent } from '../../shared/store/audit.ts';
import type { CaseRecord } from '../../shared/store/cases.ts';
import { pdfPages, pdfText, squeezed } from '../support/pdf-text.ts';

const staff = (role: string, email: string): Actor => ({ kind: 'staff', sub: email, email, roles: [role] });
const quality = staff('quality', 'quality@example.cn');
const production = staff('production', 'production@example.cn');
const service = staff('customer-service', 'cs@example.cn');
const assembly = staff('department', 'assembly@example.cn');
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

/** The record of a complaint that went through an internal cause and two CAPA rounds. */
const workflow: ComplaintWorkflowRecord = {
  investigations: [
    {
      findings: '封边胶量不足',
      cause: 'workmanship',
      factory: '一厂',
      responsibility: 'internal',
      responsibleDepartmentId: 'assembly',
      preliminaryLossCny: 3600.5,
      handlingOpinion: '免费更换桌面',
      by: quality,
      at: at(27, 2),
    },
  ],
  approvals: [{ decision: 'approve', by: production, at: at(27, 3) }],
  replies: [{ reply: '将免费更换桌面', channel: 'email', onTime: true, by: service, at: at(27, 4) }],
  capa: {
    number: 'CAPA-20261127-0007',
    departmentId: 'assembly',
    requestedAt: at(27, 5),
    rounds: [
      {
        round: 1,
        proposals: [
          {
            rootCause: '涂胶机参数漂移',
            correctiveMeasures: '校准涂胶机',
            preventiveMeasures: '每班点检',
            by: assembly,
            at: at(28, 1),
            review: { decision: 'reject', reason: '预防措施不具体', by: quality, at: at(28, 2) },
          },
          {
            rootCause: '涂胶机参数漂移',
            correctiveMeasures: '校准涂胶机',
            preventiveMeasures: '每班点检并记录',
            by: assembly,
            at: at(28, 3),
            review: { decision: 'approve', by: quality, at: at(28, 4) },
          },
        ],
        reply: { reply: '纠正措施：校准涂胶机', channel: 'email', by: service, at: at(28, 5) },
        execution: { report: '已校准', completedOn: '2026-11-29', by: assembly, at: at(29, 1) },
        verification: { result: 'ineffective', notes: '抽检仍有开胶', by: quality, at: at(29, 6) },
      },
      {
        round: 2,
        proposals: [
          {
            rootCause: '胶水批次问题',
            correctiveMeasures: '更换胶水供应商',
            preventiveMeasures: '来料检验',
            by: assembly,
            at: at(30, 1),
            review: { decision: 'approve', by: quality, at: at(30, 2) },
          },
        ],
        verification: { result: 'effective', notes: '回访无问题', by: service, at: at(30, 8) },
      },
    ],
  },
  standardRevision: { notes: '已修订封边工艺标准', by: assembly, at: at(30, 9) },
};

function aComplaintRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'c-1',
    kind: 'complaint',
    reference: 'TS-20261127-0007',
    status: 'ARCHIVED',
    channel: 'web',
    receivedAt: at(27, 1),
    createdAt: at(27, 1),
    updatedAt: at(30, 10),
    version: 30,
    organization: '北京市第一中学',
    title: '学生课桌椅 KZY-01 · B2025-031',
    submitter: {
      organization: '北京市第一中学',
      contactName: '张伟',
      phone: '010-1234 5678',
      language: 'zh-CN',
    },
    details: {
      product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
      batch: 'B2025-031',
      quantity: 12,
      problemDate: '2026-11-20',
      subject: 'quality-defect',
      description: '桌面出现裂缝，边角翘起。',
      requestedResolution: '更换桌面',
    },
    replyDueAt: at(29, 1),
    workflow,
    ...overrides,
  };
}

/** A real hash chain over `types`, as the store writes it. */
function timelineOf(types: readonly string[]): AuditEvent[] {
  let head = emptyChain;
  return types.map((type, index) => {
    const next = nextEvent('CASE#c-1', head, {
      type,
      at: new Date(Date.UTC(2026, 10, 27, 1, index)),
      actor: index === 0 ? { kind: 'public' } : { kind: 'system' },
      data: {},
    });
    head = next.head;
    return next.event;
  });
}

const events = ['received', 'workflow.started', 'investigation.decided', 'capa.requested', 'archived'];

function dossierOf(complaint: CaseRecord, timeline = timelineOf(events)): DossierInput {
  return { complaint, timeline, chain: verifyChain('CASE#c-1', timeline) };
}

let fonts: DossierFonts;
beforeAll(async () => {
  fonts = await loadDossierFonts();
});

const render = (input: DossierInput, language: 'zh-CN' | 'en' = 'zh-CN') =>
  renderDossier(input, { language, generatedAt: new Date('2026-12-01T02:00:00Z'), fonts });

describe('the complaint dossier PDF', () => {
  it('prints the report, every decision, the CAPA form, both verification rounds and the intact chain in Chinese', async () => {
    const pdf = await render(dossierOf(aComplaintRecord()));
    const pages = await pdfPages(pdf);
    const text = pages.join('');

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const expected of [
      '投诉档案',
      '桌面出现裂缝，边角翘起。',
      '质量缺陷',
      '学生课桌椅KZY-01（家具）',
      '原因分类工艺/制造',
      '生产工厂一厂',
      '初判损失3,600.50元',
      '审批结果批准',
      '是否按时按时答复',
      '《纠正预防措施要求表》',
      'CAPA-20261127-0007',
      '品管部审核退回',
      '理由预防措施不具体',
      '第1轮验证验证结果无效说明抽检仍有开胶',
      '第2轮验证验证结果有效说明回访无问题',
      '说明已修订封边工艺标准',
      `链路完整：全部${events.length}个事件的哈希校验通过`,
      '生成时间：2026-12-0110:00(UTC+8)',
    ]) {
      expect(text).toContain(expected);
    }
    pages.forEach((page, index) => {
      expect(page).toContain(`第${index + 1}页/共${pages.length}页`);
    });
  });

  it('embeds only Noto Sans SC, never a standard PDF font', async () => {
    const pdf = (await render(dossierOf(aComplaintRecord()))).toString('latin1');

    expect(pdf).toContain('NotoSansSC-Regular');
    expect(pdf).toContain('NotoSansSC-Bold');
    expect(pdf).not.toMatch(/Helvetica|Times-Roman|Courier/);
  });

  it("labels everything in English for an English caller and keeps the customer's text as typed", async () => {
    const text = await pdfText(await render(dossierOf(aComplaintRecord()), 'en'));

    for (const expected of [
      'Complaintdossier',
      'SubjectQualitydefect',
      'Description桌面出现裂缝，边角翘起。',
      'CauseWorkmanship',
      'PreliminarylossCNY3,600.50',
      'Round1verificationResultIneffective',
      'Round2verificationResultEffective',
      `Chainintact:all${events.length}eventsverify`,
      'Page1of',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('链路完整');
  });

  it('names the first event that fails verification when the chain is broken', async () => {
    const timeline = timelineOf(events);
    const tampered = timeline.map((event) =>
      event.seq === 3 ? { ...event, data: { findings: 'changed afterwards' } } : event,
    );

    const text = await pdfText(await render(dossierOf(aComplaintRecord(), tampered), 'en'));

    expect(text).toContain('Chainbroken:event3failsverification');
    expect(text).toContain('Thiseventfailsverification');
    expect(text).not.toContain('Chainintact');
  });

  it('wraps a long description over pages without parting it from its label', async () => {
    const description = '桌面出现裂缝，边角翘起，影响学生正常使用。'.repeat(150);
    const pdf = await render(
      dossierOf(aComplaintRecord({ details: { ...aComplaintRecord().details, description } })),
    );
    const pages = await pdfPages(pdf);
    // Each page's running header and number, drawn once the pages are counted, come last in its text.
    const body = pages.map((page) =>
      page.replace(/TS-20261127-0007·投诉档案生成时间：.*?第\d+页\/共\d+页$/, ''),
    );

    expect(body.join('')).toContain(squeezed(description));
    const labelPage = pages.findIndex((page) => page.includes('问题描述'));
    expect(pages[labelPage]).toContain(`问题描述${description.slice(0, 20)}`);
    expect(pages.length).toBeGreaterThan(3);
  });

  it('says so when nothing has been decided yet', async () => {
    const { workflow: _workflow, ...received } = aComplaintRecord({ status: 'RECEIVED' });
    const text = await pdfText(await render(dossierOf(received, timelineOf(['received'])), 'en'));

    expect(text).toContain('Nodecisionyet.');
    expect(text).toContain('Nocorrectiveandpreventiveactionwasrequested.');
    expect(text).toContain('Noverificationyet.');
    expect(text).toContain('Chainintact:all1eventsverify');
  });
});

import { taskDecision } from '../../shared/schemas/decisions.ts';

const issuesOf = (input: unknown) => {
  const result = taskDecision.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};
/** The fields named, for limits whose message zod words itself. */
const fieldsOf = (input: unknown) => issuesOf(input).map((issue) => issue.split(':')[0]);

describe('step decisions', () => {
  it('ask an internal investigation for the responsible department and the preliminary loss', () => {
    expect(
      issuesOf({
        step: 'investigation',
        findings: 'x',
        cause: 'workmanship',
        responsibility: 'internal',
        handlingOpinion: 'y',
      }),
    ).toEqual(['responsibleDepartmentId:field.required', 'preliminaryLossCny:field.required']);
    expect(
      issuesOf({
        step: 'investigation',
        findings: 'x',
        cause: 'usage',
        responsibility: 'customer',
        handlingOpinion: 'y',
      }),
    ).toEqual([]);
  });

  it('ask every investigation for the cause, and take the factory when it is known', () => {
    const base = { step: 'investigation', findings: 'x', responsibility: 'customer', handlingOpinion: 'y' };
    expect(fieldsOf(base)).toEqual(['cause']);
    expect(fieldsOf({ ...base, cause: 'weather' })).toEqual(['cause']);
    expect(issuesOf({ ...base, cause: 'material', factory: '第二工厂（佛山）' })).toEqual([]);
    expect(fieldsOf({ ...base, cause: 'material', factory: 'x'.repeat(61) })).toEqual(['factory']);
    expect(issuesOf({ ...base, cause: 'material', factory: '一厂\n二厂' })).toEqual([
      'factory:field.invalidFormat',
    ]);
  });

  it('take losses in CNY with at most two decimals', () => {
    const base = {
      step: 'investigation',
      findings: 'x',
      cause: 'material',
      responsibility: 'internal',
      responsibleDepartmentId: 'assembly',
      handlingOpinion: 'y',
    };
    expect(issuesOf({ ...base, preliminaryLossCny: 1234.56 })).toEqual([]);
    expect(issuesOf({ ...base, preliminaryLossCny: 0.005 })).toEqual([
      'preliminaryLossCny:field.invalidFormat',
    ]);
  });

  it('want a reason for a rejection, not for an approval', () => {
    expect(issuesOf({ step: 'qualityReview', decision: 'reject' })).toEqual(['reason:field.required']);
    expect(issuesOf({ step: 'productionApproval', decision: 'approve' })).toEqual([]);
  });

  it('refuse a body for a step that does not exist', () => {
    expect(issuesOf({ step: 'approveEverything' })).not.toEqual([]);
  });
});

import { taskDecision } from '../../shared/schemas/decisions.ts';

const issuesOf = (input: unknown) => {
  const result = taskDecision.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('step decisions', () => {
  it('ask an internal investigation for the responsible department and the preliminary loss', () => {
    expect(
      issuesOf({ step: 'investigation', findings: 'x', responsibility: 'internal', handlingOpinion: 'y' }),
    ).toEqual(['responsibleDepartmentId:field.required', 'preliminaryLossCny:field.required']);
    expect(
      issuesOf({ step: 'investigation', findings: 'x', responsibility: 'customer', handlingOpinion: 'y' }),
    ).toEqual([]);
  });

  it('take losses in CNY with at most two decimals', () => {
    const base = {
      step: 'investigation',
      findings: 'x',
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

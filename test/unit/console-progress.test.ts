import { complaintProgress, procedureSteps } from '../../web/console/src/complaint/progress.ts';

const states = (input: Parameters<typeof complaintProgress>[0]) =>
  Object.fromEntries(complaintProgress(input).map((step) => [step.step, step.state]));

describe("a complaint's progress", () => {
  it('lists the procedure in order, the workflow steps among the people steps', () => {
    expect(procedureSteps).toEqual([
      'record',
      'investigation',
      'productionApproval',
      'customerReply',
      'requestCapa',
      'rootCause',
      'qualityReview',
      'capaReply',
      'executionReport',
      'verification',
      'sendStatistics',
      'standardRevision',
      'archived',
    ]);
  });

  it('ticks the steps before the current one and leaves the rest to come', () => {
    const progress = states({ currentStep: 'productionApproval' });

    expect(progress).toMatchObject({
      record: 'done',
      investigation: 'done',
      productionApproval: 'current',
      customerReply: 'upcoming',
      archived: 'upcoming',
    });
  });

  it('marks the CAPA loop not needed once the investigation puts the cause with the customer', () => {
    const progress = states({
      currentStep: 'customerReply',
      workflow: { investigations: [{ responsibility: 'internal' }, { responsibility: 'customer' }] },
    });

    expect(progress.rootCause).toBe('notNeeded');
    expect(progress.standardRevision).toBe('notNeeded');
    expect(progress.customerReply).toBe('current');
    expect(progress.archived).toBe('upcoming');
  });

  it('shows a decided step done while the workflow opens the next one', () => {
    const progress = states({ currentStep: 'investigation:decided' });

    expect(progress.investigation).toBe('done');
    expect(progress.productionApproval).toBe('upcoming');
    expect(Object.values(progress)).not.toContain('current');
  });

  it('shows an archived complaint done to the end', () => {
    const progress = states({
      currentStep: 'archived',
      workflow: { investigations: [{ responsibility: 'customer' }] },
    });

    expect(progress.archived).toBe('done');
    expect(progress.customerReply).toBe('done');
  });

  it('starts at the record when the workflow has not said where it is', () => {
    expect(states({}).record).toBe('current');
    expect(states({ currentStep: 'somethingNew' }).record).toBe('current');
  });
});

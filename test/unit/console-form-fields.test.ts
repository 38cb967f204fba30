import { taskCompletion } from '../../shared/schemas/decisions.ts';
import {
  assignInput,
  quoteInput,
  scheduleVisitInput,
  visitReportInput,
} from '../../shared/schemas/service-requests.ts';
import { replyExtensionInput } from '../../shared/schemas/tasks.ts';
import {
  beijingInstant,
  bodyOf,
  describeForm,
  type FieldDescriptor,
  fieldPaths,
  initialValues,
  optionOf,
  placeErrors,
  VARIANT,
} from '../../web/console/src/forms/fields.ts';

const stepForm = (step: string) => {
  const schema = optionOf(taskCompletion.options, 'step', step);
  if (!schema) throw new Error(`no schema for ${step}`);
  return describeForm(schema);
};
const field = (fields: readonly FieldDescriptor[], name: string) => {
  const found = fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};

describe('forms generated from the step schemas', () => {
  it("turn the investigation into its fields in the schema's order, sending the step itself", () => {
    const form = stepForm('investigation');

    expect(form.fixed).toEqual({ step: 'investigation' });
    expect(form.fields.map((f) => f.name)).toEqual([
      'findings',
      'cause',
      'factory',
      'responsibility',
      'responsibleDepartmentId',
      'preliminaryLossCny',
      'handlingOpinion',
    ]);
  });

  it('make paragraphs text areas and lines inputs, with their maximum length', () => {
    const form = stepForm('investigation');

    expect(field(form.fields, 'findings')).toMatchObject({
      kind: 'text',
      multiline: true,
      maxLength: 5000,
      required: true,
    });
    expect(field(form.fields, 'factory')).toMatchObject({
      kind: 'text',
      multiline: false,
      maxLength: 60,
      required: false,
    });
  });

  it('offer few enum values as radio buttons and many as a select', () => {
    const form = stepForm('investigation');

    expect(field(form.fields, 'responsibility')).toMatchObject({
      kind: 'choice',
      display: 'radio',
      options: ['customer', 'internal'],
    });
    expect(field(form.fields, 'cause')).toMatchObject({ kind: 'choice', display: 'select', required: true });
  });

  it('make amounts in CNY numbers with cents, and keep the description as the hint', () => {
    expect(field(stepForm('investigation').fields, 'preliminaryLossCny')).toEqual({
      name: 'preliminaryLossCny',
      kind: 'number',
      required: false,
      integer: false,
      min: 0,
      max: 100_000_000,
      step: 0.01,
      description: 'Internal only: 初判损失 (CNY)',
    });
  });

  it('make calendar days date inputs and links url inputs', () => {
    expect(field(stepForm('executionReport').fields, 'completedOn')).toMatchObject({
      kind: 'date',
      required: true,
    });
    expect(field(stepForm('standardRevision').fields, 'revisedStandardUrl')).toMatchObject({
      kind: 'text',
      inputType: 'url',
      required: false,
    });
  });

  it('have a form for every step of the task API, the survey follow-up included', () => {
    for (const option of taskCompletion.options) {
      const step = String(option.shape.step.value);
      const form = stepForm(step);
      expect(form.fixed).toEqual({ step });
      expect(form.fields.length).toBeGreaterThan(0);
    }
    expect(stepForm('surveyFollowUp').fields.map((f) => f.name)).toEqual(['outcome', 'note']);
  });

  it('make instants Beijing-time inputs for the reply extension', () => {
    const form = describeForm(replyExtensionInput);

    expect(field(form.fields, 'agreedAt')).toMatchObject({ kind: 'datetime', required: true });
    expect(field(form.fields, 'newDueAt')).toMatchObject({ kind: 'datetime', required: true });
    expect(beijingInstant('2026-11-30T17:00')).toBe('2026-11-30T17:00:00+08:00');
  });
});

describe('forms generated from route bodies', () => {
  it('make nested objects groups and HH:MM patterns time inputs', () => {
    const window = field(describeForm(scheduleVisitInput).fields, 'window');

    expect(window.kind).toBe('group');
    expect(
      window.kind === 'group' && window.fields.map((f) => [f.name, f.kind === 'text' && f.inputType]),
    ).toEqual([
      ['from', 'time'],
      ['to', 'time'],
    ]);
  });

  it('make arrays lists of rows, with their limits', () => {
    const form = describeForm(visitReportInput);

    expect(field(form.fields, 'partsUsed')).toMatchObject({
      kind: 'list',
      minItems: 0,
      maxItems: 50,
      required: false,
    });
    expect(field(form.fields, 'photos')).toMatchObject({
      kind: 'list',
      item: { kind: 'text', inputType: 'url' },
    });
    expect(field(describeForm(quoteInput).fields, 'lines')).toMatchObject({
      kind: 'list',
      minItems: 1,
      required: true,
    });
  });

  it('make a union body one choice between its variants, known by their own field', () => {
    const form = describeForm(assignInput);

    expect(form.fields).toHaveLength(1);
    expect(form.fields[0]).toMatchObject({ kind: 'variants', name: '' });
    const variants = form.fields[0]?.kind === 'variants' ? form.fields[0].variants.map((v) => v.key) : [];
    expect(variants).toEqual(['technician', 'officeId']);
  });
});

describe('the body from what was entered', () => {
  it('leaves empty inputs out, so the API names what is required', () => {
    const form = stepForm('investigation');

    expect(bodyOf(form, initialValues(form.fields))).toEqual({ step: 'investigation' });
  });

  it('sends numbers as numbers, choices and text as entered, and the step', () => {
    const form = stepForm('investigation');
    const values = {
      ...initialValues(form.fields),
      findings: '桌面开裂',
      cause: 'material',
      responsibility: 'internal',
      responsibleDepartmentId: 'assembly',
      preliminaryLossCny: '1200.50',
      handlingOpinion: '更换',
    };

    expect(bodyOf(form, values)).toEqual({
      step: 'investigation',
      findings: '桌面开裂',
      cause: 'material',
      responsibility: 'internal',
      responsibleDepartmentId: 'assembly',
      preliminaryLossCny: 1200.5,
      handlingOpinion: '更换',
    });
    expect(taskCompletion.safeParse(bodyOf(form, values)).success).toBe(true);
  });

  it('sends what is not a number as typed, for the API to refuse', () => {
    const form = stepForm('investigation');

    expect(bodyOf(form, { ...initialValues(form.fields), preliminaryLossCny: '1,2' })).toMatchObject({
      preliminaryLossCny: '1,2',
    });
  });

  it('builds nested objects, drops empty list rows and keeps required lists', () => {
    const quote = describeForm(quoteInput);
    const values = {
      ...initialValues(quote.fields),
      amount: '300',
      lines: [
        { description: '上门费', amount: '100' },
        { description: '', amount: '' },
        { description: '配件', amount: '200' },
      ],
    };

    expect(bodyOf(quote, values)).toEqual({
      amount: 300,
      lines: [
        { description: '上门费', amount: 100 },
        { description: '配件', amount: 200 },
      ],
    });
    expect(bodyOf(quote, initialValues(quote.fields))).toEqual({ lines: [] });
  });

  it("sends only the chosen variant's fields", () => {
    const form = describeForm(assignInput);
    const values = {
      '': { [VARIANT]: 'officeId', officeId: 'gz', technician: { name: '王师傅', sub: '' }, note: '' },
    };

    expect(bodyOf(form, values)).toEqual({ officeId: 'gz' });
  });

  it('adds the Beijing offset to times entered for instants', () => {
    const form = describeForm(replyExtensionInput);

    expect(bodyOf(form, { ...initialValues(form.fields), agreedAt: '2026-11-30T09:15' })).toEqual({
      agreedAt: '2026-11-30T09:15:00+08:00',
    });
  });
});

describe("the API's field errors", () => {
  it('land on the field of their path, list rows and nested fields included', () => {
    const quote = describeForm(quoteInput);
    const values = { ...initialValues(quote.fields), lines: [{ description: '', amount: '' }] };
    const paths = fieldPaths(quote.fields, values);

    const { byPath, unplaced } = placeErrors(
      [
        { field: 'amount', message: '报价总额必须等于各项金额之和' },
        { field: 'lines.0.amount', message: '必填' },
        { field: 'lines.0.extra', message: '不认识的字段' },
        { field: 'body', message: '请求体不是有效的 JSON' },
      ],
      paths,
    );

    expect(paths).toEqual([
      'amount',
      'lines',
      'lines.0',
      'lines.0.description',
      'lines.0.amount',
      'validUntil',
      'note',
    ]);
    expect(byPath.get('amount')).toEqual(['报价总额必须等于各项金额之和']);
    expect(byPath.get('lines.0.amount')).toEqual(['必填']);
    expect(byPath.get('lines.0')).toEqual(['不认识的字段']);
    expect(unplaced).toEqual([{ field: 'body', message: '请求体不是有效的 JSON' }]);
  });
});

import { issueInput, partInput, receiptInput } from '../../shared/schemas/parts.ts';
import { bodyOf, describeForm, initialValues, VARIANT } from '../../web/console/src/forms/fields.ts';

/**
 * The parts forms are generated from the route bodies (web/console/src/forms/fields.ts): what a
 * user enters must become a body the route's own schema accepts, the discriminator of a nested
 * choice (an inspection's result, an issue's destination) included.
 */
describe('the generated parts forms', () => {
  it('send an accepted receipt with its inspection result, though the user typed no note', () => {
    const form = describeForm(receiptInput);
    const values = {
      ...initialValues(form.fields),
      quantity: '40',
      unitCost: '41.5',
      supplier: '常州恒力五金',
    };

    const body = bodyOf(form, values);

    expect(body).toEqual({
      quantity: 40,
      unitCost: 41.5,
      supplier: '常州恒力五金',
      inspection: { result: 'accepted' },
    });
    expect(receiptInput.safeParse(body).success).toBe(true);
  });

  it('send a rejected receipt with the note back to the buyer', () => {
    const form = describeForm(receiptInput);
    const values = {
      ...initialValues(form.fields),
      quantity: '5',
      unitCost: '40',
      supplier: '常州恒力五金',
      inspection: { [VARIANT]: 'rejected', note: '行程不符，退回' },
    };

    expect(bodyOf(form, values)).toMatchObject({
      inspection: { result: 'rejected', note: '行程不符，退回' },
    });
    expect(receiptInput.safeParse(bodyOf(form, values)).success).toBe(true);
  });

  it("send an issue to a department with the destination's kind", () => {
    const form = describeForm(issueInput);
    const values = {
      ...initialValues(form.fields),
      quantity: '3',
      to: { [VARIANT]: 'department', departmentId: 'assembly', purpose: '装配线椅子维修' },
    };

    const body = bodyOf(form, values);

    expect(body).toEqual({
      quantity: 3,
      to: { kind: 'department', departmentId: 'assembly', purpose: '装配线椅子维修' },
    });
    expect(issueInput.safeParse(body).success).toBe(true);
  });

  it('offer the destinations by their kind, so their labels come from the catalogue', () => {
    const to = describeForm(issueInput).fields.find((field) => field.name === 'to');

    expect(to).toMatchObject({ kind: 'variants', discriminator: 'kind' });
    expect(to?.kind === 'variants' ? to.variants.map((variant) => variant.key) : []).toEqual([
      'serviceRequest',
      'department',
    ]);
  });

  it('send a new part the catalogue accepts', () => {
    const form = describeForm(partInput);
    const values = {
      ...initialValues(form.fields),
      partNumber: 'E2E-1',
      name: '扶手',
      specification: '塑料扶手',
      unit: '件',
      unitCost: '12',
      category: 'standard',
      location: 'C-01-1',
      lowQuota: '5',
      highQuota: '50',
    };

    expect(partInput.safeParse(bodyOf(form, values)).success).toBe(true);
  });
});

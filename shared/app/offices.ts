import { ValidationError } from '../errors.ts';
import { officeExists } from '../store/offices.ts';

/** Refuses (422 on `field`) an office id that names no regional office. */
export async function assertKnownOffice(officeId: string | undefined, field = 'officeId'): Promise<void> {
  if (officeId === undefined || (await officeExists(officeId))) return;
  throw new ValidationError(`unknown office ${officeId}`, {
    issues: [{ field, code: 'unknown_office', messageKey: 'field.unknownOffice' }],
  });
}

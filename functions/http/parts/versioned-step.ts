import { versionFromIfMatch } from '../../../shared/app/customers.ts';
import { okVersioned } from '../../../shared/http/result.ts';
import type { StaffCaller } from '../../../shared/http/roles.ts';

/**
 * A route that takes one step on a versioned record (`POST /v1/<records>/{id}/<step>`): the body,
 * the If-Match version, the staff caller and the time go to `step`; the record comes back with its ETag.
 */
export const versionedStep =
  <B>(
    step: (
      id: string,
      body: B,
      expectedVersion: number | undefined,
      caller: StaffCaller,
      now: Date,
    ) => Promise<{ readonly version: number }>,
  ) =>
  async (request: {
    readonly params: { readonly id: string };
    readonly body: B;
    readonly headers: Readonly<Record<string, string>>;
    readonly caller: unknown;
    readonly now: Date;
  }) =>
    okVersioned(
      await step(
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
        request.caller as StaffCaller,
        request.now,
      ),
    );

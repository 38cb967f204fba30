import { useMemo } from 'preact/hooks';
import type { z } from 'zod';
import type { RouteDefinition } from '../../../../shared/http/route.ts';
import { apiFetch } from '../api.ts';
import { describeForm } from './fields.ts';
import { SchemaForm } from './schema-form.tsx';

/** `/v1/service-requests/{id}/triage` with `{ id }` filled in. */
export const pathOf = (
  route: Pick<RouteDefinition, 'path'>,
  params: Readonly<Record<string, string>>,
): string => route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

interface Props {
  /** The route of the registry (shared/http/routes.ts) the form calls. */
  readonly route: RouteDefinition;
  readonly params: Readonly<Record<string, string>>;
  /** The body's schema when not the route's whole body (one option of a discriminated union). */
  readonly schema?: z.ZodType;
  /** The version the page shows, sent as `If-Match` when the route reads it. */
  readonly version?: number;
  readonly formId: string;
  readonly submitLabel: string;
  readonly testId?: string;
  /** Picks form-specific hints (`console.hint.<scope>.<name>`). */
  readonly hintScope?: string;
  /** Told the API's answer (the changed record). */
  readonly onDone: (result: unknown) => void;
}

/**
 * An action form generated from a route of the registry: its body schema becomes the fields, and
 * submitting calls the route with `If-Match` (routes that read it) and `Idempotency-Key` (routes
 * that honour it).
 */
export function RouteForm({
  route,
  params,
  schema,
  version,
  formId,
  submitLabel,
  testId,
  hintScope,
  onDone,
}: Props) {
  const bodySchema = schema ?? route.body;
  const form = useMemo(
    () => (bodySchema ? describeForm(bodySchema) : { fields: [], fixed: {} }),
    [bodySchema],
  );
  const readsIfMatch = route.headers?.some((header) => header.name === 'If-Match') ?? false;
  return (
    <SchemaForm
      form={form}
      formId={formId}
      submitLabel={submitLabel}
      {...(testId ? { testId } : {})}
      {...(hintScope ? { hintScope } : {})}
      onSubmit={async (body, idempotencyKey) => {
        const response = await apiFetch(pathOf(route, params), {
          method: route.method,
          body,
          headers: {
            ...(route.idempotent ? { 'Idempotency-Key': idempotencyKey } : {}),
            ...(readsIfMatch && version !== undefined ? { 'If-Match': `"${version}"` } : {}),
          },
        });
        onDone(await response.json().catch(() => undefined));
      }}
    />
  );
}

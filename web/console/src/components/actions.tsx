import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { RouteDefinition } from '../../../../shared/http/route.ts';
import { RouteForm } from '../forms/route-form.tsx';
import { t } from '../i18n.ts';
import { Section } from './ui.tsx';

/** One action the caller may take now: the route it calls, and the body's schema when it is one option. */
export interface Action {
  readonly key: string;
  readonly label: string;
  readonly route: RouteDefinition;
  readonly schema?: z.ZodType;
}

/**
 * The next steps of a case as forms generated from their routes (shared/http/routes), each folded in
 * a <details> (Enter opens it). Only the actions the status allows and the caller's roles may take
 * are listed; the API decides in the end, and its refusal shows in the form.
 */
export function Actions({
  actions,
  params,
  version,
  onDone,
}: {
  actions: readonly Action[];
  params: Readonly<Record<string, string>>;
  version: number | undefined;
  onDone: (action: Action) => void;
}) {
  // The open form; it closes (and starts empty next time) once its action is done.
  const [open, setOpen] = useState<string | undefined>();
  if (actions.length === 0) return null;
  return (
    <Section title={t('console.actions.title')} testId="case-actions">
      {actions.map((action) => (
        <details
          class="disclosure"
          key={action.key}
          open={open === action.key}
          onToggle={(event) => {
            const isOpen = event.currentTarget.open;
            setOpen((current) => (isOpen ? action.key : current === action.key ? undefined : current));
          }}
        >
          <summary>{action.label}</summary>
          <RouteForm
            key={`${action.key}-${version}`}
            route={action.route}
            params={params}
            {...(action.schema ? { schema: action.schema } : {})}
            {...(version !== undefined ? { version } : {})}
            formId={`action-${action.key}`}
            hintScope={action.key}
            submitLabel={action.label}
            onDone={() => {
              setOpen(undefined);
              onDone(action);
              // The form is gone: keyboard users continue from the list of next steps.
              requestAnimationFrame(() => {
                const heading = document.querySelector<HTMLElement>('[data-testid="case-actions"] h2');
                if (!heading) return;
                heading.tabIndex = -1;
                heading.focus();
              });
            }}
          />
        </details>
      ))}
    </Section>
  );
}

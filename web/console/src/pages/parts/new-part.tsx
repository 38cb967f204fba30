import { routes } from '../../../../../shared/http/routes.ts';
import { mayCall } from '../../access.ts';
import { Section } from '../../components/ui.tsx';
import { RouteForm } from '../../forms/route-form.tsx';
import { t } from '../../i18n.ts';
import { href } from '../../router.ts';
import type { PartView } from './types.ts';

/** 新增备件 (`#/parts/new`): the catalogue entry as the form of POST /v1/parts; the new part's page after. */
export function NewPartPage() {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.newPart')}</h1>
      <p>
        <a href={href('/parts')}>{t('console.parts.backToList')}</a>
      </p>
      {mayCall(routes.createPart) ? (
        <Section title={t('console.parts.catalogue')}>
          <RouteForm
            route={routes.createPart}
            params={{}}
            formId="new-part"
            testId="new-part-form"
            hintScope="createPart"
            submitLabel={t('console.parts.create')}
            onDone={(result) => {
              location.hash = href(`/parts/${(result as PartView).partNumber}`);
            }}
          />
        </Section>
      ) : (
        <p class="notice">{t('console.error.forbidden')}</p>
      )}
    </>
  );
}

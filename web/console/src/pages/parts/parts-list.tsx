import { routes } from '../../../../../shared/http/routes.ts';
import { partCategories } from '../../../../../shared/schemas/parts.ts';
import { mayCall } from '../../access.ts';
import { type Column, ListPage } from '../../components/list-page.tsx';
import { t } from '../../i18n.ts';
import { formatCny, optionLabel } from '../../labels.ts';
import type { PageProps } from '../../page.ts';
import { href } from '../../router.ts';
import { QuotaBadge, quotaOf, unitsOf } from './parts-ui.tsx';
import type { PartView } from './types.ts';

/** 备品备件: GET /v1/parts by category and quota state, with search, paging and CSV export. */
export function PartListPage({ query }: PageProps) {
  const columns: Column<PartView>[] = [
    {
      header: t('console.field.partNumber'),
      rowHeader: true,
      cell: (part) => <a href={href(`/parts/${part.partNumber}`)}>{part.partNumber}</a>,
    },
    { header: t('console.field.name'), cell: (part) => part.name },
    { header: t('console.field.specification'), cell: (part) => part.specification },
    { header: t('console.parts.category'), cell: (part) => optionLabel('category', part.category) },
    { header: t('console.field.location'), cell: (part) => part.location },
    { header: t('console.parts.onHand'), cell: (part) => unitsOf(part.stock.onHand, part.unit) },
    { header: t('console.parts.quota'), cell: quotaOf },
    { header: t('console.parts.stockValue'), cell: (part) => formatCny(part.stock.stockValue) },
    { header: t('console.parts.quotaState'), cell: (part) => <QuotaBadge part={part} /> },
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.parts')}</h1>
      {mayCall(routes.createPart) ? (
        <p class="toolbar">
          <a class="button-link" href={href('/parts/new')}>
            {t('console.parts.new')}
          </a>
        </p>
      ) : null}
      <ListPage
        path="/parts"
        apiPath={routes.listParts.path}
        filters={[
          { name: 'q', label: t('console.list.search'), type: 'search', hint: t('console.parts.searchHint') },
          {
            name: 'category',
            label: t('console.parts.category'),
            type: 'select',
            options: partCategories.map((category) => [category, optionLabel('category', category)]),
          },
          {
            name: 'belowLowQuota',
            label: t('console.parts.quotaState'),
            type: 'select',
            options: [['true', t('console.parts.belowLowQuota')]],
          },
        ]}
        columns={columns}
        caption={t('console.parts.listCaption')}
        csvName="parts.csv"
        query={query}
        rowKey={(part) => part.partNumber}
        empty={t('console.list.empty')}
      />
    </>
  );
}

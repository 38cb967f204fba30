import { routes } from '../../../../shared/http/routes.ts';
import { mayCall } from '../access.ts';
import { t } from '../i18n.ts';
import { optionLabel } from '../labels.ts';
import { href } from '../router.ts';
import type { CaseView as CustomerCase, CustomerView, Delivery, WarrantyLookup } from '../types.ts';
import { ErrorNotice, Fields, Loading } from './ui.tsx';
import { useApi } from './use-api.ts';

/** The customer a case names (GET /v1/customers/{id}): who they are, with a link to their page. */
export function CustomerSummary({ customer }: { customer: CustomerView }) {
  const primary = customer.contacts.find((contact) => contact.primary) ?? customer.contacts[0];
  return (
    <Fields
      rows={[
        [
          t('console.field.organization'),
          <a href={href(`/customers/${customer.id}`)}>{customer.organization}</a>,
        ],
        [t('console.field.tier'), optionLabel('tier', customer.tier)],
        [t('console.field.officeId'), customer.officeId],
        [t('console.field.region'), customer.region],
        [
          t('console.customer.primaryContact'),
          primary
            ? [primary.name, primary.title, primary.phone, primary.email].filter(Boolean).join(' · ')
            : undefined,
        ],
        [t('console.customer.doNotEmail'), customer.doNotEmail ? t('console.yes') : undefined],
      ]}
    />
  );
}

/** One delivery with its items; with the warranty look-up's statuses when known. */
function DeliveryTable({
  delivery,
  warranty,
  highlight,
}: {
  delivery: Pick<Delivery, 'orderRef' | 'batch' | 'deliveredOn' | 'acceptedOn'>;
  warranty?: WarrantyLookup['deliveries'][number];
  highlight: boolean;
}) {
  const items = warranty?.items ?? (delivery as Delivery).items ?? [];
  return (
    <div class={highlight ? 'delivery highlight' : 'delivery'}>
      <p>
        <strong>
          {t('console.delivery.heading', { orderRef: delivery.orderRef, batch: delivery.batch })}
        </strong>
        {highlight ? <span class="badge badge-new">{t('console.delivery.sameBatch')}</span> : null}
        <br />
        <span class="muted">
          {t('console.delivery.deliveredOn', { date: delivery.deliveredOn })}
          {delivery.acceptedOn ? ` · ${t('console.delivery.acceptedOn', { date: delivery.acceptedOn })}` : ''}
        </span>
      </p>
      <table class="data compact">
        <caption class="visually-hidden">
          {t('console.delivery.items', { orderRef: delivery.orderRef, batch: delivery.batch })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('console.delivery.product')}</th>
            <th scope="col">{t('console.delivery.quantity')}</th>
            {warranty ? <th scope="col">{t('console.delivery.warranty')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.productId}>
              <td>{item.productName}</td>
              <td>{item.quantity}</td>
              {'status' in item ? (
                <td>
                  <span class={`badge ${item.status === 'free' ? 'badge-done' : 'badge-active'}`}>
                    <span aria-hidden="true">{item.status === 'free' ? '✓ ' : '¥ '}</span>
                    {t(`warranty.status.${item.status}`)}
                  </span>{' '}
                  {item.status === 'free'
                    ? t('console.delivery.freeUntil', { date: item.freeRepairEndsOn })
                    : t('console.delivery.freeEnded', { date: item.freeRepairEndsOn })}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The deliveries of the case's order: with each item's warranty (GET /v1/warranty, for the roles
 * that may look it up), else from the customer's deliveries. The delivery of the case's batch is
 * marked.
 */
export function OrderDeliveries({
  orderRef,
  batch,
  customer,
}: {
  orderRef: string | undefined;
  batch: string | undefined;
  customer: CustomerView | undefined;
}) {
  const canLookUp = orderRef !== undefined && mayCall(routes.lookUpWarranty);
  const lookup = useApi<WarrantyLookup>(canLookUp ? '/v1/warranty' : undefined, { orderRef });
  if (!orderRef) return <p class="muted">{t('console.delivery.noOrder')}</p>;
  if (canLookUp) {
    if (lookup.loading && !lookup.data) return <Loading />;
    if (lookup.error) return <ErrorNotice error={lookup.error} />;
    return (
      <>
        {lookup.data?.asOf ? (
          <p class="muted">{t('console.delivery.asOf', { date: lookup.data.asOf })}</p>
        ) : null}
        {(lookup.data?.deliveries ?? []).map((delivery) => (
          <DeliveryTable
            key={delivery.deliveryId}
            delivery={{ ...delivery, orderRef }}
            warranty={delivery}
            highlight={delivery.batch === batch}
          />
        ))}
      </>
    );
  }
  const deliveries = (customer?.deliveries ?? []).filter((delivery) => delivery.orderRef === orderRef);
  if (deliveries.length === 0) return <p class="muted">{t('console.delivery.none', { orderRef })}</p>;
  return (
    <>
      {deliveries.map((delivery) => (
        <DeliveryTable key={delivery.id} delivery={delivery} highlight={delivery.batch === batch} />
      ))}
    </>
  );
}

/** The warranty decision made at intake (service requests; a complaint when it has one). */
export function WarrantyDecisionView({ warranty }: { warranty: NonNullable<CustomerCase['warranty']> }) {
  const tone =
    warranty.status === 'free'
      ? 'badge-done'
      : warranty.status === 'chargeable'
        ? 'badge-active'
        : 'badge-new';
  return (
    <>
      <p>
        <span class={`badge ${tone}`}>
          <span aria-hidden="true">
            {warranty.status === 'free' ? '✓ ' : warranty.status === 'chargeable' ? '¥ ' : '? '}
          </span>
          {t(`console.warranty.${warranty.status}`)}
        </span>
      </p>
      <Fields
        rows={[
          [
            t('console.warranty.basis'),
            warranty.basis ? t(`console.warranty.basis.${warranty.basis}`) : undefined,
          ],
          [t('console.warranty.coverageStartsOn'), warranty.coverageStartsOn],
          [t('console.warranty.freeRepairEndsOn'), warranty.freeRepairEndsOn],
          [
            t('console.warranty.reason'),
            warranty.reason ? t(`console.warranty.reason.${warranty.reason}`) : undefined,
          ],
        ]}
      />
    </>
  );
}

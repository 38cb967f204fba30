import { z } from 'zod';
import { email, entityId, instant, language, line, phone, plainDate, productCategory } from './common.ts';

export const customerTiers = ['key', 'regular'] as const;
export type CustomerTier = (typeof customerTiers)[number];

export const contact = z
  .strictObject({
    name: line(100),
    title: line(100).optional().meta({ description: 'Position, e.g. 总务处主任' }),
    phone: phone.optional(),
    email: email.optional(),
    primary: z.boolean().default(false),
  })
  .refine((c) => c.phone !== undefined || c.email !== undefined, {
    message: 'field.contactRequired',
    path: ['email'],
  })
  .meta({ id: 'Contact' });

/** The named account manager of a key account (重点客户关怀计划, requirements.md §1C, §2). */
export const accountManager = z
  .strictObject({
    name: line(100),
    email,
    sub: line(128)
      .optional()
      .meta({ description: "The staff user's id (the token's `sub`), when they sign in" }),
  })
  .meta({ id: 'AccountManager' });
export type AccountManager = z.infer<typeof accountManager>;

/**
 * How often a key account is contacted: visits (visit or meeting) per calendar year, calls per
 * quarter, and the next planned contact. The care overview says whether it is on track.
 */
export const contactPlan = z
  .strictObject({
    visitsPerYear: z
      .number()
      .int()
      .min(0)
      .max(52)
      .optional()
      .meta({ description: 'Visits or meetings a year' }),
    callsPerQuarter: z.number().int().min(0).max(90).optional().meta({ description: 'Calls a quarter' }),
    nextContactOn: plainDate.optional().meta({ description: 'The next planned contact (Shanghai day)' }),
  })
  .meta({ id: 'ContactPlan' });
export type ContactPlan = z.infer<typeof contactPlan>;

const customerFields = {
  organization: line(200),
  contacts: z.array(contact).min(1).max(20),
  region: line(100).meta({ description: 'Province/city/district' }),
  officeId: entityId.meta({ description: 'Regional office (办事处) serving the customer' }),
  tier: z.enum(customerTiers).meta({ description: 'key = key account (重点客户)' }),
  tags: z.array(line(40)).max(20).default([]),
  emailConsent: z.boolean().meta({ description: 'Agreed to surveys and follow-up emails' }),
  language: language.default('zh-CN'),
  accountManager: accountManager.optional(),
  contactPlan: contactPlan.optional(),
};

/** 客户基本资料 as staff enter it. */
export const customerInput = z.strictObject(customerFields).meta({ id: 'CustomerInput' });
export type CustomerInput = z.infer<typeof customerInput>;

/** Any subset of the customer's fields; classification and contact changes are audited. */
export const customerPatch = z
  .strictObject({
    organization: customerFields.organization.optional(),
    contacts: customerFields.contacts.optional(),
    region: customerFields.region.optional(),
    officeId: customerFields.officeId.optional(),
    tier: customerFields.tier.optional(),
    tags: z.array(line(40)).max(20).optional(),
    emailConsent: z.boolean().optional(),
    language: language.optional(),
    accountManager: accountManager
      .nullable()
      .optional()
      .meta({ description: 'Replaces the account manager; `null` removes it' }),
    contactPlan: contactPlan
      .nullable()
      .optional()
      .meta({ description: 'Replaces the plan; `null` removes it' }),
    doNotEmail: z
      .literal(false)
      .optional()
      .meta({
        description:
          'Only `false`: clears the flag once the customer has confirmed a working address, and lifts the ' +
          "suppression of the customer's contact addresses (here and at SES). Set only by bounces and complaints.",
      }),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'field.emptyPatch' })
  .meta({ id: 'CustomerPatch' });
export type CustomerPatch = z.infer<typeof customerPatch>;

export const deliveryItem = z.object({
  productId: z.string(),
  productName: z.string(),
  category: productCategory,
  quantity: z.number().int().min(1),
});

/** A delivery under a contract: what was delivered, when, and when the buyer accepted it. */
export const deliverySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    orderRef: z.string(),
    batch: z.string(),
    items: z.array(deliveryItem),
    deliveredOn: plainDate,
    acceptedOn: plainDate.optional().meta({ description: 'Acceptance (验收) date; warranty runs from it' }),
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof deliverySchema>;

export const customerSchema = z
  .object({
    id: z.string(),
    organization: z.string(),
    contacts: z.array(
      z.object({
        name: z.string(),
        title: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
        primary: z.boolean(),
      }),
    ),
    region: z.string(),
    officeId: z.string(),
    tier: z.enum(customerTiers),
    tags: z.array(z.string()),
    emailConsent: z.boolean(),
    doNotEmail: z.boolean().meta({
      description:
        "Mail to a contact's address bounced permanently or was reported as spam: that address gets no " +
        'more mail (acknowledgements, replies, surveys) until staff clear this with a PATCH',
    }),
    language,
    accountManager: accountManager.optional(),
    contactPlan: contactPlan.optional(),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;

export const customerListQuery = z.strictObject({
  officeId: entityId.optional(),
  tier: z.enum(customerTiers).optional(),
  q: line(100)
    .optional()
    .meta({
      description:
        "Search: customers whose organisation, id or a contact's name, phone or email contain this text " +
        '(any case). Filters each page: a page may hold fewer than `limit` customers; follow `nextCursor` for more',
    }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const officeSchema = z
  .object({ id: z.string(), name: z.string(), region: z.string(), email: z.string().optional() })
  .meta({ id: 'Office' });
export type Office = z.infer<typeof officeSchema>;

export const productSchema = z
  .object({ id: z.string(), name: z.string(), model: z.string(), category: productCategory })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

import { z } from 'zod';

/**
 * Forms generated from the API's own zod schemas (the step decisions of shared/schemas/decisions.ts,
 * the route bodies of shared/http/routes): the schema is walked once into field descriptors, the
 * console renders them, and what the user typed is turned back into the JSON body. The API stays the
 * only validator: empty fields are left out, and its field errors (`lines.0.amount`) land on the
 * field of that path. Pure: no DOM, so jest tests it (test/unit/console-form-fields.test.ts).
 */

interface FieldBase {
  /** The property name in its object (`findings`, `from` inside `window`). */
  readonly name: string;
  /** False when the schema makes it optional or gives it a default. */
  readonly required: boolean;
  /** The schema's `.meta({ description })`, the outermost one. */
  readonly description?: string;
}

/** A string input; `multiline` for paragraphs (a text area). */
export interface TextField extends FieldBase {
  readonly kind: 'text';
  readonly multiline: boolean;
  readonly maxLength?: number;
  /** The input type that fits: `url`, `email`, `time` (a `HH:MM` pattern), else plain text. */
  readonly inputType: 'text' | 'url' | 'email' | 'time';
}
/** One of an enum's values: radio buttons for a few, a select for more. */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly options: readonly string[];
  readonly display: 'radio' | 'select';
}
export interface NumberField extends FieldBase {
  readonly kind: 'number';
  readonly integer: boolean;
  readonly min?: number;
  readonly max?: number;
  /** 1 for integers, 0.01 otherwise: the API's decimals are amounts in CNY (fen). */
  readonly step: number;
}
/** A calendar day (`YYYY-MM-DD`): `<input type=date>`. */
export interface DateField extends FieldBase {
  readonly kind: 'date';
}
/** An instant: `<input type=datetime-local>` read as Beijing time (+08:00). */
export interface DateTimeField extends FieldBase {
  readonly kind: 'datetime';
}
export interface BooleanField extends FieldBase {
  readonly kind: 'boolean';
  readonly defaultValue: boolean;
}
/** A nested object: a fieldset. */
export interface GroupField extends FieldBase {
  readonly kind: 'group';
  readonly fields: readonly FieldDescriptor[];
}
/** An array: rows of `item`, added and removed by the user. */
export interface ListField extends FieldBase {
  readonly kind: 'list';
  readonly item: FieldDescriptor;
  readonly minItems: number;
  readonly maxItems?: number;
}
/**
 * A union of objects (a technician or an office; an inspection accepted or rejected): the user
 * picks one, then fills its fields.
 */
export interface VariantsField extends FieldBase {
  readonly kind: 'variants';
  /** The literal that tells the variants apart (`result`, `kind`), when they have one. */
  readonly discriminator?: string;
  readonly variants: readonly {
    /** The discriminator's value, else the variant's first field the others lack. */
    readonly key: string;
    readonly fields: readonly FieldDescriptor[];
    /** The variant's literals (its discriminator's value), sent as they are when it is chosen. */
    readonly fixed: Readonly<Record<string, unknown>>;
  }[];
}

export type FieldDescriptor =
  | TextField
  | ChoiceField
  | NumberField
  | DateField
  | DateTimeField
  | BooleanField
  | GroupField
  | ListField
  | VariantsField;

/** A generated form: the fields to show, and the literals (`step`) sent as they are. */
export interface FormDescription {
  readonly fields: readonly FieldDescriptor[];
  readonly fixed: Readonly<Record<string, unknown>>;
}

/** What the user has entered: strings for inputs, booleans for checkboxes, nested like the body. */
export type FormValue = string | boolean | readonly FormValue[] | FormValues;
export interface FormValues {
  readonly [name: string]: FormValue;
}
/** In a variants field's values: which variant is chosen. */
export const VARIANT = '$variant';

/** At most this many options show as radio buttons; more make a select. */
const MAX_RADIOS = 4;
/** `line(max)` is at most 300 characters; `paragraph(max)` at least 1000: longer means a text area. */
const LONGEST_LINE = 300;

// The parts of zod 4's internal definition the walk reads.
interface Check {
  readonly _zod: {
    readonly def: {
      readonly check: string;
      readonly maximum?: number;
      readonly minimum?: number;
      readonly value?: number;
      readonly inclusive?: boolean;
      readonly format?: string;
      readonly pattern?: RegExp;
    };
  };
}
interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly checks?: readonly Check[];
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly defaultValue?: unknown;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def) => (def.checks ?? []).map((check) => check._zod.def);
const descriptionOf = (schema: z.ZodType): string | undefined => {
  const description = z.globalRegistry.get(schema)?.description;
  return typeof description === 'string' ? description : undefined;
};

/** Strips optional/default/nullable/readonly/pipe wrappers, noting what they say. */
function unwrap(schema: z.ZodType): {
  core: z.ZodType;
  required: boolean;
  description?: string;
  defaultValue?: unknown;
} {
  let current = schema;
  let required = true;
  let description = descriptionOf(schema);
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') required = false;
    if (def.type === 'default') {
      const value = def.defaultValue;
      defaultValue = typeof value === 'function' ? (value as () => unknown)() : value;
    }
    const inner =
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'nullable' ||
      def.type === 'readonly' ||
      def.type === 'catch'
        ? def.innerType
        : def.type === 'pipe'
          ? def.in
          : undefined;
    if (!inner) break;
    current = inner;
    description ??= descriptionOf(current);
  }
  return { core: current, required, ...(description ? { description } : {}), defaultValue };
}

/** A pattern that takes `09:30` but not `0930` is a time of day. */
function isTimePattern(pattern: RegExp | undefined): boolean {
  if (!pattern) return false;
  return pattern.test('09:30') && !pattern.test('0930');
}

function textField(base: FieldBase, def: Def): TextField | DateField | DateTimeField {
  const checks = checksOf(def);
  const formats = [def.format, ...checks.map((check) => check.format)].filter(Boolean);
  if (formats.includes('date')) return { ...base, kind: 'date' };
  if (formats.includes('datetime')) return { ...base, kind: 'datetime' };
  const maxLength = checks.find((check) => check.check === 'max_length')?.maximum;
  const patterns = [def.pattern, ...checks.map((check) => check.pattern)];
  const inputType = formats.includes('url')
    ? 'url'
    : formats.includes('email')
      ? 'email'
      : patterns.some(isTimePattern)
        ? 'time'
        : 'text';
  return {
    ...base,
    kind: 'text',
    multiline: inputType === 'text' && maxLength !== undefined && maxLength > LONGEST_LINE,
    ...(maxLength !== undefined ? { maxLength } : {}),
    inputType,
  };
}

function numberField(base: FieldBase, def: Def): NumberField {
  const checks = checksOf(def);
  const integer =
    (def.format ?? '').includes('int') ||
    checks.some((check) => check.check === 'number_format' && (check.format ?? '').includes('int'));
  const min = checks.find((check) => check.check === 'greater_than')?.value;
  const max = checks.find((check) => check.check === 'less_than')?.value;
  return {
    ...base,
    kind: 'number',
    integer,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    step: integer ? 1 : 0.01,
  };
}

/** The field for one property, or undefined for a literal (sent as it is) or a type no form can take. */
export function describeField(name: string, schema: z.ZodType): FieldDescriptor | undefined {
  const { core, required, description, defaultValue } = unwrap(schema);
  const def = defOf(core);
  const base: FieldBase = { name, required, ...(description ? { description } : {}) };
  switch (def.type) {
    case 'string':
      return textField(base, def);
    case 'number':
      return numberField(base, def);
    case 'enum': {
      const options = Object.values(def.entries ?? {}).map(String);
      return { ...base, kind: 'choice', options, display: options.length <= MAX_RADIOS ? 'radio' : 'select' };
    }
    case 'boolean':
      return { ...base, kind: 'boolean', defaultValue: defaultValue === true };
    case 'object':
      return { ...base, kind: 'group', fields: describeForm(core).fields };
    case 'array': {
      const item = def.element ? describeField(name, def.element) : undefined;
      if (!item) return undefined;
      const checks = checksOf(def);
      const maxItems = checks.find((check) => check.check === 'max_length')?.maximum;
      return {
        ...base,
        kind: 'list',
        item,
        minItems: checks.find((check) => check.check === 'min_length')?.minimum ?? 0,
        ...(maxItems !== undefined ? { maxItems } : {}),
      };
    }
    case 'union': {
      const forms = (def.options ?? []).map((option) => describeForm(option));
      const discriminator = discriminatorOf(forms);
      if (forms.length === 0 || (!discriminator && forms.some((form) => form.fields.length === 0)))
        return undefined;
      const variants = forms.map((form) => form.fields);
      return {
        ...base,
        kind: 'variants',
        ...(discriminator ? { discriminator } : {}),
        variants: forms.map((form, index) => ({
          key: discriminator ? String(form.fixed[discriminator]) : variantKey(form.fields, variants, index),
          fields: form.fields,
          fixed: form.fixed,
        })),
      };
    }
    default:
      return undefined;
  }
}

/** The literal every option of a discriminated union has, with a value of its own in each (`result`). */
function discriminatorOf(forms: readonly FormDescription[]): string | undefined {
  return Object.keys(forms[0]?.fixed ?? {}).find((name) => {
    const values = forms.map((form) => form.fixed[name]);
    return values.every((value) => typeof value === 'string') && new Set(values).size === forms.length;
  });
}

/** A variant is known by its first field the other variants lack (`technician`, `officeId`). */
function variantKey(
  fields: readonly FieldDescriptor[],
  all: readonly (readonly FieldDescriptor[])[],
  index: number,
): string {
  const others = all.filter((_, i) => i !== index).flatMap((other) => other.map((field) => field.name));
  return fields.find((field) => !others.includes(field.name))?.name ?? String(index);
}

/**
 * The fields of an object schema (a step decision, a route body), in the schema's order. Required
 * literals (the `step` of a decision, the `action` of a return transition) are not shown: they go
 * into `fixed` and are sent as they are.
 */
export function describeForm(schema: z.ZodType): FormDescription {
  const { core } = unwrap(schema);
  const def = defOf(core);
  if (def.type === 'union') {
    // A body that is one of several objects: one choice with no name of its own (its fields are the body's).
    const field = describeField('', core);
    return { fields: field ? [field] : [], fixed: {} };
  }
  if (def.type !== 'object' || !def.shape) return { fields: [], fixed: {} };
  const fields: FieldDescriptor[] = [];
  const fixed: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(def.shape)) {
    const { core: inner, required } = unwrap(property);
    const innerDef = defOf(inner);
    if (innerDef.type === 'literal') {
      if (required) fixed[name] = innerDef.values?.[0];
      continue;
    }
    const field = describeField(name, property);
    if (field) fields.push(field);
  }
  return { fields, fixed };
}

/** The option of a discriminated union whose `key` literal is `value` (the decision of a step). */
export function optionOf(options: readonly z.ZodType[], key: string, value: string): z.ZodType | undefined {
  return options.find((option) => {
    const shape = defOf(unwrap(option).core).shape;
    const literal = shape?.[key];
    return literal !== undefined && (defOf(literal).values ?? []).includes(value);
  });
}

/** What a new form holds: empty inputs, checkbox defaults, required lists with their minimum rows. */
export function initialValues(fields: readonly FieldDescriptor[]): FormValues {
  return Object.fromEntries(fields.map((field) => [field.name, initialValue(field)]));
}

function initialValue(field: FieldDescriptor): FormValue {
  switch (field.kind) {
    case 'boolean':
      return field.defaultValue;
    case 'group':
      return initialValues(field.fields);
    case 'list':
      return Array.from({ length: field.minItems }, () => initialValue(field.item));
    case 'variants': {
      const first = field.variants[0];
      return { [VARIANT]: first?.key ?? '', ...(first ? initialValues(first.fields) : {}) };
    }
    default:
      return '';
  }
}

/** A new row of a list field. */
export const emptyItem = (field: ListField): FormValue => initialValue(field.item);

const isRecord = (value: FormValue | undefined): value is FormValues =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An instant typed as Beijing time in `<input type=datetime-local>` (`2026-11-27T09:30`). */
export const beijingInstant = (local: string): string =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(local) ? `${local}:00+08:00` : local;

/**
 * The JSON body from what was entered: empty inputs are left out (the API says which are
 * required), numbers become numbers, Beijing times get their offset, and `fixed` is added.
 */
export function bodyOf(form: FormDescription, values: FormValues): Record<string, unknown> {
  return { ...form.fixed, ...(objectOf(form.fields, values) ?? {}) };
}

function objectOf(
  fields: readonly FieldDescriptor[],
  values: FormValues,
): Record<string, unknown> | undefined {
  const entries = fields.flatMap((field): [string, unknown][] => {
    const value = jsonValueOf(field, values[field.name]);
    if (value === undefined) return [];
    // A nameless choice of variants (a union body): its fields are this object's.
    if (field.name === '' && typeof value === 'object' && value !== null) return Object.entries(value);
    return [[field.name, value]];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function jsonValueOf(field: FieldDescriptor, value: FormValue | undefined): unknown {
  switch (field.kind) {
    case 'text':
    case 'choice':
    case 'date':
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
    case 'datetime':
      return typeof value === 'string' && value.trim() !== '' ? beijingInstant(value.trim()) : undefined;
    case 'number': {
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const number = Number(value);
      // Not a number: sent as typed, so the API names the field.
      return Number.isFinite(number) ? number : value;
    }
    case 'boolean':
      return value === true;
    case 'group':
      return isRecord(value) ? objectOf(field.fields, value) : undefined;
    case 'list': {
      const items = (Array.isArray(value) ? value : [])
        .map((item) => jsonValueOf(field.item, item))
        .filter((item) => item !== undefined);
      return items.length > 0 || field.required ? items : undefined;
    }
    case 'variants': {
      if (!isRecord(value)) return undefined;
      const variant = field.variants.find((v) => v.key === value[VARIANT]) ?? field.variants[0];
      if (!variant) return undefined;
      const entered = objectOf(variant.fields, value);
      // The chosen variant's literal (`result: 'rejected'`) goes with it; an optional one left empty is left out.
      return entered || (field.required && Object.keys(variant.fixed).length > 0)
        ? { ...variant.fixed, ...entered }
        : undefined;
    }
  }
}

/** The path of a field in the API's field errors: `findings`, `window.to`, `lines.0.amount`. */
export const joinPath = (parent: string, name: string | number): string =>
  name === '' ? parent : parent ? `${parent}.${name}` : String(name);

/** Every path a field of the form shows errors for, as rendered with `values` (list rows included). */
export function fieldPaths(fields: readonly FieldDescriptor[], values: FormValues, parent = ''): string[] {
  return fields.flatMap((field) => pathsOf(field, values[field.name], joinPath(parent, field.name)));
}

function pathsOf(field: FieldDescriptor, value: FormValue | undefined, path: string): string[] {
  switch (field.kind) {
    case 'group':
      return [path, ...fieldPaths(field.fields, isRecord(value) ? value : {}, path)];
    case 'list':
      return [
        path,
        ...(Array.isArray(value) ? value : []).flatMap((item, index) =>
          field.item.kind === 'group' || field.item.kind === 'list' || field.item.kind === 'variants'
            ? pathsOf(field.item, item, joinPath(path, index))
            : [joinPath(path, index)],
        ),
      ];
    case 'variants': {
      const record = isRecord(value) ? value : {};
      const variant = field.variants.find((v) => v.key === record[VARIANT]) ?? field.variants[0];
      return [path, ...(variant ? fieldPaths(variant.fields, record, path) : [])];
    }
    default:
      return [path];
  }
}

/** A field error of the API (problem+json `errors[]`). */
export interface FieldErrorLike {
  readonly field: string;
  readonly message: string;
}

/**
 * The API's field errors by the path that shows them: an error on a path the form renders stays
 * there; one on a deeper path the form does not render (an unknown key) goes to its nearest shown
 * parent; the rest (`body`) are for the summary only (`unplaced`).
 */
export function placeErrors(
  errors: readonly FieldErrorLike[],
  paths: readonly string[],
): { byPath: Map<string, string[]>; unplaced: FieldErrorLike[] } {
  const shown = new Set(paths);
  const byPath = new Map<string, string[]>();
  const unplaced: FieldErrorLike[] = [];
  for (const error of errors) {
    let path = error.field;
    while (path && !shown.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    if (!path) {
      unplaced.push(error);
      continue;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), error.message]);
  }
  return { byPath, unplaced };
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';
import { type CapturedEmail, capturedEmails } from '../../local/ses.ts';
import {
  aComplaint,
  aCustomer,
  anInquiry,
  aServiceRequest,
  aSubmitter,
  uniqueEmail,
} from '../support/builders.ts';
import { hostileMarkup } from '../support/fuzz.ts';
import { projectRoot, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { putTestOffices } from '../support/survey-jobs.ts';
import { eventually } from '../support/workflow.ts';

/**
 * HTML and script in customer text never execute (issue 9, abuse): a complaint, an inquiry, a
 * service request and a customer full of markup go through the real API; the emails they cause
 * carry it escaped, and the staff console's pages, rendered by Preact from the API's answers,
 * make it text: no element, attribute, handler or HTML parsing comes from it.
 */

let api: TestRuntime;
const MARKER = `MK${randomUUID().slice(0, 8)}`;
const [script, img, svg, iframe, jsUrl, anchor] = hostileMarkup;
const ids = { complaint: '', inquiry: '', serviceRequest: '', customer: '' };
const submitters = {
  complaint: uniqueEmail('xss'),
  inquiry: uniqueEmail('xss'),
  serviceRequest: uniqueEmail('xss'),
};

const hostileSubmitter = (email: string) =>
  aSubmitter({ organization: `${MARKER} ${script}`, contactName: img, email });

const submitted = async (path: string, body: Record<string, unknown>) => {
  const response = await api.request<{ id: string }>('POST', path, { body });
  if (response.status !== 201) throw new Error(`${path} refused: ${response.text}`);
  return response.body.id;
};

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  await putTestOffices();
  ids.complaint = await submitted(
    '/v1/complaints',
    aComplaint({
      submitter: hostileSubmitter(submitters.complaint),
      product: { category: 'furniture', name: svg },
      batch: '<b onmouseover=alert(1)>B1</b>',
      description: hostileMarkup.join(' '),
      requestedResolution: anchor,
      orderRef: jsUrl,
      attachments: [`https://evil.example.cn/a${svg}`],
    }),
  );
  ids.inquiry = await submitted(
    '/v1/inquiries',
    anInquiry({
      submitter: hostileSubmitter(submitters.inquiry),
      topic: iframe,
      message: hostileMarkup.join('\n'),
    }),
  );
  ids.serviceRequest = await submitted(
    '/v1/service-requests',
    aServiceRequest({
      submitter: hostileSubmitter(submitters.serviceRequest),
      product: { category: 'furniture', name: svg },
      problem: hostileMarkup.join('\n'),
      siteAddress: anchor,
    }),
  );
  const customer = await api.request<{ id: string }>('POST', '/v1/customers', {
    token: await api.token('admin'),
    body: aCustomer({
      organization: `${MARKER} ${script}`,
      region: svg,
      contacts: [{ name: img, email: uniqueEmail('xss'), primary: true }],
      tags: [iframe.slice(0, 30)],
    }),
  });
  if (customer.status !== 201) throw new Error(`customer refused: ${customer.text}`);
  ids.customer = customer.body.id;
});
afterAll(async () => api.stop());

/** Opening and closing tags of an HTML text, with their attribute text. */
const tagsOf = (html: string) =>
  [...html.matchAll(/<\s*\/?\s*([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)].map((match) => ({
    name: (match[1] ?? '').toLowerCase(),
    attributes: match[2] ?? '',
  }));

const ACTIVE_TAGS = ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'link', 'base', 'math'];
const HANDLER = /(?:^|[\s"'/])on[a-z]+\s*=/i;
const SCRIPT_URL = /^\s*(?:javascript|vbscript|data):/i;

const decoded = (html: string) =>
  html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

describe('the emails caused by submissions full of markup', () => {
  let mails: CapturedEmail[];
  beforeAll(async () => {
    // Acknowledgements to the three submitters and the after-sales notices name the marker.
    mails = await eventually('the acknowledgements and notices', async () => {
      const marked = (await capturedEmails(api.runtime.sesEndpoint)).filter(
        (mail) =>
          JSON.stringify(mail).includes(MARKER) ||
          Object.values(submitters).some((to) => mail.destination.to.includes(to)),
      );
      const acknowledged = Object.values(submitters).every((to) =>
        marked.some((m) => m.destination.to.includes(to)),
      );
      return acknowledged && marked.length >= 6 ? marked : undefined;
    });
  });

  it('are each sent with an HTML part', () => {
    expect(mails.length).toBeGreaterThanOrEqual(6);
    for (const mail of mails) expect(mail.body.html).toEqual(expect.stringContaining('<body'));
  });

  it('carry no tag, handler or script URL made from the text', () => {
    for (const mail of mails) {
      const tags = tagsOf(mail.body.html ?? '');
      expect(tags.filter((tag) => ACTIVE_TAGS.includes(tag.name))).toEqual([]);
      expect(tags.filter((tag) => HANDLER.test(tag.attributes))).toEqual([]);
      const urls = tags.flatMap((tag) => [...tag.attributes.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)]);
      expect(urls.map((url) => url[1]).filter((url) => SCRIPT_URL.test(decoded(url ?? '')))).toEqual([]);
    }
  });

  it('show the text as written, escaped, wherever the plain-text part shows it', () => {
    const shown = hostileMarkup.filter((text) => mails.some((mail) => mail.body.text?.includes(text)));
    expect(shown.length).toBeGreaterThan(1);
    for (const mail of mails) {
      for (const text of hostileMarkup) {
        if (!mail.body.text?.includes(text)) continue;
        // A script URL alone is words in a paragraph; anything with markup characters is escaped.
        if (/[<>"']/.test(text)) expect(mail.body.html).not.toContain(text);
        expect(decoded(mail.body.html ?? '')).toContain(text);
      }
    }
  });
});

/**
 * A DOM just large enough for Preact to render into, that records what is made in it: elements,
 * attributes, listeners and any HTML parsing (`innerHTML`), which it refuses to do.
 */
class FakeNode {
  childNodes: FakeNode[] = [];
  parentNode: FakeElement | null = null;
  readonly ownerDocument = fakeDocument;
  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }
  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  insertBefore(node: FakeNode, before: FakeNode | null) {
    node.remove();
    const at = before ? this.childNodes.indexOf(before) : -1;
    this.childNodes.splice(at < 0 ? this.childNodes.length : at, 0, node);
    node.parentNode = this as unknown as FakeElement;
    return node;
  }
  appendChild(node: FakeNode) {
    return this.insertBefore(node, null);
  }
  append(...nodes: FakeNode[]) {
    for (const node of nodes) this.appendChild(node);
  }
  removeChild(node: FakeNode) {
    this.childNodes = this.childNodes.filter((child) => child !== node);
    node.parentNode = null;
    return node;
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
  get textContent(): string {
    return this.childNodes.map((child) => child.textContent).join('');
  }
}

class FakeText extends FakeNode {
  readonly nodeType = 3;
  data: string;
  constructor(data: string) {
    super();
    this.data = data;
  }
  override get textContent() {
    return this.data;
  }
}

const htmlParsed: string[] = [];

class FakeElement extends FakeNode {
  readonly nodeType = 1;
  readonly attributes = new Map<string, string>();
  readonly listeners: string[] = [];
  readonly style = { cssText: '', setProperty: () => undefined };
  readonly localName: string;
  readonly namespaceURI: string | null;
  constructor(localName: string, namespaceURI: string | null = 'http://www.w3.org/1999/xhtml') {
    super();
    this.localName = localName;
    this.namespaceURI = namespaceURI;
  }
  setAttribute(name: string, value: unknown) {
    this.attributes.set(name, String(value));
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  addEventListener(type: string) {
    this.listeners.push(type);
  }
  removeEventListener() {}
  focus() {}
  set innerHTML(html: string) {
    htmlParsed.push(html);
  }
  get elements(): FakeElement[] {
    return this.childNodes.flatMap((child) =>
      child instanceof FakeElement ? [child, ...child.elements] : [],
    );
  }
  get texts(): string[] {
    return this.childNodes.flatMap((child) =>
      child instanceof FakeText ? [child.data] : child instanceof FakeElement ? child.texts : [],
    );
  }
}

const fakeDocument = {
  title: '',
  documentElement: { lang: '' },
  body: null as FakeElement | null,
  createElementNS: (namespace: string | null, name: string) => new FakeElement(name, namespace),
  createElement: (name: string) => new FakeElement(name),
  createTextNode: (data: string) => new FakeText(String(data)),
  getElementById: () => null,
  querySelector: () => null,
};

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

interface ConsoleBundle {
  render(vnode: unknown, root: FakeElement): void;
  h(component: unknown, props: unknown): unknown;
  loadConfig(): Promise<unknown>;
  startSession(token: string): unknown;
  [page: string]: unknown;
}

const consolePages = [
  'ComplaintPage',
  'InquiryPage',
  'ServiceRequestPage',
  'CustomerPage',
  'ComplaintListPage',
  'InquiryListPage',
  'ServiceRequestListPage',
  'CustomerListPage',
] as const;

describe('the staff console showing records full of markup', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'abuse-console-'));
  let bundle: ConsoleBundle;
  let inFlight = 0;
  const globals = globalThis as Record<string, unknown>;
  const saved = { ...globals };

  beforeAll(async () => {
    const sources = resolve(projectRoot, 'web/console/src');
    const result = await build({
      stdin: {
        contents: [
          "export { h, render } from 'preact';",
          "export { loadConfig, startSession } from './session.ts';",
          "export { ComplaintPage } from './pages/complaint.tsx';",
          "export { InquiryPage } from './pages/inquiry.tsx';",
          "export { ServiceRequestPage } from './pages/service-request.tsx';",
          "export { CustomerPage } from './pages/customer.tsx';",
          "export { ComplaintListPage, InquiryListPage, ServiceRequestListPage, CustomerListPage } from './pages/lists.tsx';",
        ].join('\n'),
        resolveDir: sources,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      write: false,
      logLevel: 'silent',
    });
    const file = join(outDir, 'console.mjs');
    writeFileSync(file, result.outputFiles[0]?.text ?? '');

    const realFetch = globalThis.fetch;
    Object.assign(globals, {
      document: fakeDocument,
      localStorage: memoryStorage(),
      sessionStorage: memoryStorage(),
      location: { hash: '', search: '', pathname: '/console/', assign() {}, replace() {}, reload() {} },
      history: { state: null, replaceState() {} },
      fetch: async (url: string | URL, init?: RequestInit) => {
        if (String(url) === 'config.json')
          return Response.json({ apiBase: api.url, auth: { kind: 'local' } });
        inFlight += 1;
        try {
          return await realFetch(url, init);
        } finally {
          inFlight -= 1;
        }
      },
    });
    fakeDocument.body = new FakeElement('body');
    bundle = (await import(pathToFileURL(file).href)) as ConsoleBundle;
    await bundle.loadConfig();
    bundle.startSession(await api.token('admin'));
  }, 60_000);

  afterAll(async () => {
    for (const name of ['document', 'localStorage', 'sessionStorage', 'location', 'history', 'fetch'])
      globals[name] = saved[name];
    rmSync(outDir, { recursive: true, force: true });
    await stop();
  });

  /** Renders a page and waits until its API answers are in and it shows the marked record. */
  async function rendered(page: (typeof consolePages)[number], params: Record<string, string> = {}) {
    const root = new FakeElement('main');
    bundle.render(bundle.h(bundle[page], { params, query: new URLSearchParams() }), root);
    let quietSince = Date.now();
    await eventually(`${page} showing the record`, async () => {
      if (inFlight > 0) quietSince = Date.now();
      return root.textContent.includes(MARKER) && Date.now() - quietSince > 300;
    });
    return root;
  }

  const pages: [string, (typeof consolePages)[number], () => Record<string, string>][] = [
    ['the complaint page', 'ComplaintPage', () => ({ id: ids.complaint })],
    ['the inquiry page', 'InquiryPage', () => ({ id: ids.inquiry })],
    ['the service request page', 'ServiceRequestPage', () => ({ id: ids.serviceRequest })],
    ['the customer page', 'CustomerPage', () => ({ id: ids.customer })],
    ['the complaint list', 'ComplaintListPage', () => ({})],
    ['the inquiry list', 'InquiryListPage', () => ({})],
    ['the service request list', 'ServiceRequestListPage', () => ({})],
    ['the customer list', 'CustomerListPage', () => ({})],
  ];

  it('would see it if a page made markup from data: the DOM above records parsing, attributes and handlers', () => {
    const root = new FakeElement('main');
    const parsedBefore = htmlParsed.length;

    bundle.render(
      bundle.h('div', {
        dangerouslySetInnerHTML: { __html: script },
        'data-x': img,
        onError: () => undefined,
      }),
      root,
    );

    const [div] = root.elements;
    expect(htmlParsed.slice(parsedBefore)).toEqual([script]);
    expect(div?.attributes.get('data-x')).toBe(img);
    expect(div?.listeners).toEqual(['error']);
    htmlParsed.splice(parsedBefore);
  });

  it.each(pages)(
    '%s makes the markup text: no element, attribute or handler comes of it',
    async (_, page, params) => {
      const root = await rendered(page, params());
      const elements = root.elements;

      expect(
        elements.filter((element) => ACTIVE_TAGS.includes(element.localName)).map((e) => e.localName),
      ).toEqual([]);
      const attributes = elements.flatMap((element) =>
        [...element.attributes].map(([name, value]) => ({ name, value })),
      );
      expect(attributes.filter(({ name }) => /^on/i.test(name) || /[<>"'\s]/.test(name))).toEqual([]);
      expect(
        attributes.filter(
          ({ name, value }) => /^(?:href|src|action|formaction)$/.test(name) && SCRIPT_URL.test(value),
        ),
      ).toEqual([]);
      expect(
        elements.flatMap((element) => element.listeners).filter((type) => /error|load|mouse/.test(type)),
      ).toEqual([]);
      expect(htmlParsed).toEqual([]);
      // The markup is there, shown as the characters it is.
      expect(root.texts.some((text) => text.includes(script))).toBe(true);
    },
  );
});

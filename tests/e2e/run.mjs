// End-to-end tests of the bioreg web pages in headless Chromium (Debian's chromium, driven by
// playwright-core). Starts its own bioreg on a fresh database and walks the curation story twice,
// once in English and once in Chinese:
//
//   a submitter registers a part from a GenBank file → a second person, a curator, requests
//   changes → the submitter fixes the record and submits it again → the curator approves →
//   an anonymous visitor finds the part by pasting a fragment of its sequence.
//
// Along the way it checks that the map of the circular plasmid draws every feature of the file,
// that four eyes hold (no review form for the record's own author, and the server refuses a forged
// review), that every page has the language switch, and it keeps screenshots of the main pages.
//
//   node tests/e2e/run.mjs --binary target/debug/bioreg [--database-url postgres://…] [--port 18590]
//                          [--artifacts target/e2e] [--chromium /usr/bin/chromium]
//
// Exits non-zero on the first failure, with a screenshot of the page it failed on.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const binary = resolve(option('binary', join(root, 'target/debug/bioreg')));
const port = Number(option('port', '18590'));
const artifacts = resolve(option('artifacts', join(root, 'target/e2e')));
const executablePath = option('chromium', '/usr/bin/chromium');
const workdir = mkdtempSync(join(tmpdir(), 'bioreg-e2e-'));
const databaseUrl = option('database-url', `sqlite://${workdir}/bioreg.db`);
const base = `http://127.0.0.1:${port}`;
const backend = databaseUrl.split(':')[0];
mkdirSync(artifacts, { recursive: true });

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  BIOREG_BIND: `127.0.0.1:${port}`,
  BIOREG_PUBLIC_URL: base,
  BIOREG_LOG: 'warn',
  BIOREG_RATE_LIMIT_PER_IP: '0',
  BIOREG_RATE_LIMIT_PER_TOKEN: '0',
};

let step = '';
function log(message) {
  step = message;
  console.log(`[${backend}] ${message}`);
}

/** A user straight in the database (the CLI), returning their API token. */
function cliUser(name, role, org) {
  const args = ['user', 'create', '--name', name, '--role', role];
  if (org) args.push('--org', org);
  const out = execFileSync(binary, args, { env, encoding: 'utf8' });
  return out.trim().split('\n').pop();
}

async function api(method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function startServer() {
  const server = spawn(binary, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += chunk; });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return server;
    } catch { /* not up yet */ }
    if (server.exitCode !== null) throw new Error(`bioreg exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bioreg did not answer /health: ${stderr}`);
}

/** The feature keys of a GenBank file, read from the file itself (the oracle). */
function genbankFeatureKeys(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('FEATURES'));
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  return lines.slice(start + 1, end).filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
}

const shots = [];
let lineageStrain = null;
async function shot(page, name) {
  const path = join(artifacts, `${backend}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

/** Every page carries the language switch and a main landmark. */
async function checkFrame(page, lang) {
  assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
  assert.equal(await page.locator('[data-testid=lang-switch]').count(), 1, 'language switch on every page');
  assert.equal(await page.locator('main#main').count(), 1);
  assert.ok((await page.locator('h1').count()) >= 1, 'a heading');
}

async function signIn(browser, lang, token) {
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const context = await browser.newContext({
    locale,
    extraHTTPHeaders: { 'Accept-Language': lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en-US,en;q=0.9' },
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  if (token) {
    await page.goto(`${base}/signin`);
    await checkFrame(page, lang);
    await page.fill('#token', token);
    await page.click('form[action="/signin"] button[type=submit]');
    await page.waitForURL(`${base}/`);
    assert.equal(await page.locator('[data-testid=signed-in-as]').count(), 1, 'signed in');
  }
  return { context, page };
}

/** The texts each language shows, to check the page is in that language. */
const TEXT = {
  en: { submit: 'Submit for review', approved: 'approved', changes: 'changes requested', search: 'Search the registry' },
  zh: { submit: '提交审核', approved: '已批准', changes: '需修改', search: '检索登记库' },
};

async function story(browser, lang, file, users) {
  const t = TEXT[lang];
  const keys = genbankFeatureKeys(file);
  // `source` describes the whole record: listed in the table, not drawn on the map.
  const expected = keys.filter((k) => k !== 'source');
  log(`${lang}: submitter registers a part from ${file.split('/').slice(-2).join('/')}`);
  const sam = await signIn(browser, lang, users.submitter);
  await sam.page.goto(`${base}/submit`);
  await checkFrame(sam.page, lang);
  await sam.page.setInputFiles('[data-testid=part-file]', file);
  await sam.page.click('[data-testid=register-part-file]');
  await sam.page.waitForURL(/\/parts\/[A-Z]+\d+\?done=registered/);
  const accession = (await sam.page.textContent('[data-testid=accession]')).trim();
  await checkFrame(sam.page, lang);

  log(`${lang}: the map of ${accession} draws every feature of the file (${expected.length})`);
  const drawn = await sam.page.$$eval('svg.seqmap g.feature', (gs) => gs.map((g) => g.getAttribute('data-feature-index')));
  assert.equal(drawn.length, expected.length, `features drawn ${drawn.length}, in the file ${expected.length}`);
  assert.equal(new Set(drawn).size, drawn.length, 'each feature drawn once');
  const tableRows = await sam.page.locator('table.features tbody tr').count();
  assert.equal(tableRows, keys.length, 'the table lists every feature of the file');
  const circular = await sam.page.locator('svg.seqmap').getAttribute('data-topology');
  assert.equal(circular, 'circular');
  // Labels must not overlap: compare the rendered boxes of every label.
  const boxes = await sam.page.$$eval('svg.seqmap g.feature text', (ts) => ts.map((t) => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
      assert.ok(!overlap, `labels ${i} and ${j} overlap on the map`);
    }
  }
  await shot(sam.page, `${lang}-part-page`);

  log(`${lang}: submitter submits ${accession} for review`);
  await sam.page.click('[data-testid=submit-for-review]');
  await sam.page.waitForURL(/done=submitted/);
  assert.match(await sam.page.textContent('[data-testid=notice]'), /./);

  log(`${lang}: curator finds it in the queue and requests changes`);
  const cora = await signIn(browser, lang, users.curator);
  await cora.page.goto(`${base}/reviews`);
  await checkFrame(cora.page, lang);
  await cora.page.locator(`[data-testid=review-queue] a:text-is("${accession}")`).waitFor();
  await shot(cora.page, `${lang}-review-queue`);
  await cora.page.click(`[data-testid=review-queue] a:text-is("${accession}")`);
  await cora.page.check('[data-testid=decision-request_changes]');
  await cora.page.selectOption('#reason', 'missing_metadata');
  await cora.page.fill('#review-comment', lang === 'zh' ? '请补充描述。' : 'Please describe the plasmid.');
  await cora.page.click('[data-testid=send-review]');
  await cora.page.waitForURL(/done=reviewed/);
  assert.ok((await cora.page.textContent('.badges')).includes(t.changes), 'state is changes requested');

  log(`${lang}: submitter fixes the description and submits again`);
  await sam.page.goto(`${base}/parts/${accession}`);
  assert.ok((await sam.page.textContent('[data-testid=review-thread]')).includes(lang === 'zh' ? '请补充描述' : 'Please describe'));
  await sam.page.click('details.panel summary');
  const description = lang === 'zh' ? '克隆载体，已补充描述。' : 'Cloning vector, described as asked.';
  await sam.page.fill('#edit-description', description);
  await sam.page.fill('#edit-comment', 'described');
  await sam.page.click('[data-testid=save-edit]');
  await sam.page.waitForURL(/done=saved/);
  assert.ok((await sam.page.textContent('dl.fields')).includes(description));
  assert.ok((await sam.page.textContent('table.diff')).includes(description), 'the revision diff shows the new description');
  await sam.page.click('[data-testid=submit-for-review]');
  await sam.page.waitForURL(/done=submitted/);

  log(`${lang}: curator approves`);
  await cora.page.goto(`${base}/parts/${accession}`);
  await cora.page.check('[data-testid=decision-approve]');
  await cora.page.click('[data-testid=send-review]');
  await cora.page.waitForURL(/done=reviewed/);
  assert.ok((await cora.page.textContent('.badges')).includes(t.approved), 'approved');
  assert.equal(await cora.page.locator('[data-testid=review-thread] li').count(), 4, 'submit, request changes, submit, approve');
  await shot(cora.page, `${lang}-part-approved`);

  log(`${lang}: an anonymous visitor finds it by pasting a fragment of its sequence`);
  const part = await api('GET', `/api/v1/parts/${accession}`, users.submitter);
  const fragment = part.sequence.slice(1000, 1040).toLowerCase();
  const visitor = await signIn(browser, lang, null);
  await visitor.page.goto(`${base}/`);
  await checkFrame(visitor.page, lang);
  assert.ok((await visitor.page.textContent('h1')).includes(t.search));
  await visitor.page.fill('[data-testid=sequence-query]', `>fragment\n${fragment.slice(0, 20)}\n${fragment.slice(20)}`);
  await visitor.page.selectOption('#mode', 'exact');
  await visitor.page.click('[data-testid=sequence-search]');
  await visitor.page.locator('[data-testid=sequence-hits]').waitFor();
  const hit = visitor.page.locator(`[data-testid=sequence-hits] a:text-is("${accession}")`);
  assert.equal(await hit.count(), 1, 'the pasted fragment finds the part');
  assert.ok((await visitor.page.locator('[data-testid=hit-map] svg .hit').count()) >= 1, 'the hit is drawn on the map');
  await shot(visitor.page, `${lang}-sequence-search`);
  await hit.click();
  await visitor.page.waitForURL(/\?hit=/);
  assert.ok((await visitor.page.locator('svg.seqmap .hit').count()) >= 1, 'the part page draws the hit');
  assert.ok((await visitor.page.locator('pre.sequence mark.hit').count()) >= 1, 'the sequence highlights the hit');
  assert.equal(await visitor.page.locator('[data-testid=submit-for-review]').count(), 0, 'no forms for visitors');

  log(`${lang}: the language switch turns the page into the other language`);
  await visitor.page.click('[data-testid=lang-switch]');
  await checkFrame(visitor.page, lang === 'zh' ? 'en' : 'zh');
  await visitor.page.click('[data-testid=lang-switch]');
  await checkFrame(visitor.page, lang);

  for (const c of [sam, cora, visitor]) await c.context.close();
  return accession;
}

/** Four eyes: a curator who registered a record is not offered the review form, and the server refuses a forged one. */
async function fourEyes(browser, users) {
  log('en: four eyes — the author of a record may not review it');
  const carl = await signIn(browser, 'en', users.secondCurator);
  await carl.page.goto(`${base}/submit`);
  await carl.page.fill('#part-name', 'four-eyes probe');
  await carl.page.fill('#part-role', 'promoter');
  await carl.page.fill('#part-sequence', 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGCACTAGTGAAGACCTAGG');
  await carl.page.click('[data-testid=register-part]');
  await carl.page.waitForURL(/done=registered/);
  const accession = (await carl.page.textContent('[data-testid=accession]')).trim();
  await carl.page.click('[data-testid=submit-for-review]');
  await carl.page.waitForURL(/done=submitted/);
  assert.equal(await carl.page.locator('[data-testid=send-review]').count(), 0, 'no review form for the author');
  assert.equal(await carl.page.locator('[data-testid=four-eyes]').count(), 1, 'a note says why');
  const csrf = await carl.page.getAttribute('form[action="/signout"] input[name=csrf]', 'value');
  // A forged review, sent with the browser's own cookie and form token (the pages' policy forbids
  // scripts from making requests, so it goes through the context's request API).
  const forgedReview = await carl.context.request.post(`${base}/parts/${accession}/review`, { form: { csrf, decision: 'approve' }, maxRedirects: 0 });
  assert.equal(forgedReview.status(), 403, 'the server refuses the forged review');
  assert.match(await forgedReview.text(), /four eyes/);
  log('en: a form without its CSRF token is refused');
  const noToken = await carl.context.request.post(`${base}/parts/${accession}/review`, { form: { decision: 'approve' }, maxRedirects: 0 });
  assert.equal(noToken.status(), 403);
  await carl.context.close();
}

/** A strain family with typed lineage edges, for the lineage screenshot. */
async function lineage(browser, users) {
  log('en: strain page with its lineage graph');
  const token = users.submitter;
  const strain = (name, parents, extra = {}) => api('POST', '/api/v1/strains', token, {
    name, organism_type: 'bacteria', taxon: { name: 'Escherichia coli', ncbi_taxid: 562 }, risk_group: 1,
    parents: parents.map(([strain, relation]) => ({ strain, relation })), ...extra,
  });
  const wild = await strain('E. coli K-12 MG1655', []);
  const evolved = await strain('MG1655 evolved 42 °C', [[wild.accession, 'adaptive_evolution']]);
  const knockout = await strain('MG1655 ΔlacZ', [[wild.accession, 'gene_knockout']], { genotype: 'ΔlacZ' });
  const both = await strain('MG1655 ΔlacZ evolved', [[knockout.accession, 'adaptive_evolution'], [evolved.accession, 'cross']]);
  const transformed = await strain('MG1655 ΔlacZ + pUC19', [[knockout.accession, 'transformation']]);
  const grandchild = await strain('MG1655 ΔlacZ + pUC19, evolved', [[transformed.accession, 'adaptive_evolution']]);
  await api('POST', `/api/v1/strains/${knockout.accession}/samples`, token, {
    location: { site: 'Main campus', freezer: 'F-80-2', rack: 'R3', box: 'B12', position: 'A4' },
    preservation_method: 'glycerol -80 °C', quantity: '3 vials',
  });
  const page = (await signIn(browser, 'en', users.submitter)).page;
  await page.goto(`${base}/strains/${knockout.accession}`);
  await checkFrame(page, 'en');
  const nodes = await page.$$eval('[data-testid=lineage] svg .node', (ns) => ns.map((n) => n.getAttribute('data-accession')));
  for (const s of [wild, knockout, both, transformed, grandchild]) assert.ok(nodes.includes(s.accession), `lineage shows ${s.accession}`);
  const relations = await page.$$eval('[data-testid=lineage] svg .edge', (es) => es.map((e) => e.getAttribute('data-relation')));
  assert.ok(relations.length >= 3, 'typed edges');
  assert.ok((await page.textContent('main')).includes('F-80-2'), 'samples and their locations');
  await shot(page, 'en-strain-lineage');
  lineageStrain = knockout.accession;
  await page.goto(`${base}/strains/${knockout.accession}?lang=zh-CN`);
  await checkFrame(page, 'zh');
  await shot(page, 'zh-strain-lineage');
}

async function imports(browser, users) {
  log('en: bulk import shows the dry-run report before anything is stored');
  const { page, context } = await signIn(browser, 'en', users.submitter);
  await page.goto(`${base}/imports`);
  await page.fill('#import-content', '>probe-one\nACGTACGTTTGACAGGCTAGCTCAGTCCTAGG\n>probe-two\nTTTTGGGGCCCCAAAATTTTGGGGCCCCAAAATGC\n');
  await page.fill('#import-role', 'promoter');
  await page.click('[data-testid=dry-run]');
  await page.locator('[data-testid=import-report]').waitFor();
  assert.equal(await page.getAttribute('[data-testid=import-outcome]', 'data-stored'), 'false');
  assert.equal(await page.locator('[data-testid=import-report] tbody tr[data-status=would_create]').count(), 2);
  await shot(page, 'en-import-dry-run');
  await page.click('[data-testid=confirm-import]');
  await page.locator('[data-testid=import-outcome][data-stored=true]').waitFor();
  const imported = await page.$$eval('[data-testid=import-report] tbody tr[data-status=created] a', (as) => as.map((a) => a.textContent.trim()));
  assert.equal(imported.length, 2);
  await context.close();
  return imported;
}

/** A queue with several submissions, for the screenshots. */
async function fullQueue(browser, users, accessions) {
  log('en, zh: the review queue with several submissions');
  for (const accession of accessions) {
    await api('POST', `/api/v1/parts/${accession}/submit`, users.submitter, { comment: 'ready' });
  }
  for (const lang of ['en', 'zh']) {
    const { page, context } = await signIn(browser, lang, users.curator);
    await page.goto(`${base}/reviews`);
    await checkFrame(page, lang);
    assert.ok((await page.locator('[data-testid=review-queue] tbody tr').count()) >= accessions.length + 1);
    await shot(page, `${lang}-review-queue-full`);
    await context.close();
  }
}

/**
 * Accessibility: axe-core's WCAG 2.1 A and AA rules on every kind of page, in both languages. axe is
 * injected as a script, which the pages' policy forbids, so this pass alone runs with bypassCSP.
 */
async function accessibility(browser, users, accessions) {
  const axePath = join(here, 'node_modules/axe-core/axe.min.js');
  const pages = [
    ['/', null],
    ['/?q=MG1655&tab=strains', null],
    ['/signin', null],
    [`/parts/${accessions.part}`, users.curator],
    [`/parts/${accessions.part}?hit=1001-1040-forward`, null],
    [`/strains/${accessions.strain}`, users.submitter],
    ['/reviews', users.curator],
    ['/submit', users.submitter],
    ['/imports', users.submitter],
  ];
  let checked = 0;
  for (const lang of ['en', 'zh']) {
    for (const [path, token] of pages) {
      const context = await browser.newContext({ bypassCSP: true, locale: lang === 'zh' ? 'zh-CN' : 'en-US',
        extraHTTPHeaders: { 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' } });
      const page = await context.newPage();
      if (token) {
        await page.goto(`${base}/signin`);
        await page.fill('#token', token);
        await page.click('form[action="/signin"] button[type=submit]');
        await page.waitForURL(`${base}/`);
      }
      await page.goto(`${base}${path}`);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target})`), [],
        `axe on ${lang} ${path}`);
      checked += 1;
      await context.close();
    }
  }
  log(`accessibility: ${checked} pages pass axe-core's WCAG 2.1 A/AA rules with no serious or critical violation`);
}

async function main() {
  const started = Date.now();
  const admin = cliUser('e2e-admin', 'admin');
  const server = await startServer();
  let browser;
  let page;
  try {
    await api('POST', '/api/v1/organizations', admin, { slug: 'synbio-lab', name: 'Synthetic Biology Lab', kind: 'lab' });
    const users = {
      submitter: cliUser('sam', 'submitter', 'synbio-lab'),
      curator: cliUser('cora', 'curator'),
      secondCurator: cliUser('carl', 'curator'),
    };
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const english = await story(browser, 'en', join(root, 'tests/fixtures/genbank/igem-2024-annotated/542.gb'), users);
    const chinese = await story(browser, 'zh', join(root, 'tests/fixtures/genbank/pydna/pUC19_M77789.gb'), users);
    await fourEyes(browser, users);
    await lineage(browser, users);
    const imported = await imports(browser, users);
    await fullQueue(browser, users, imported);
    log('accessibility of every kind of page (axe-core)');
    await accessibility(browser, users, { part: english, strain: lineageStrain });
    writeFileSync(join(artifacts, `${backend}-summary.json`), JSON.stringify({ english, chinese, screenshots: shots }, null, 2));
    console.log(`[${backend}] e2e passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
  } catch (error) {
    console.error(`[${backend}] e2e FAILED at: ${step}\n${error.stack || error}`);
    if (browser) {
      for (const context of browser.contexts()) {
        for (const p of context.pages()) page = p;
      }
      if (page) await page.screenshot({ path: join(artifacts, `${backend}-failure.png`), fullPage: true }).catch(() => {});
    }
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
  }
}

await main();

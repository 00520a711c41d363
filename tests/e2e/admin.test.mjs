// admin.test.mjs — the back office in a real browser.
//
// Debian's chromium driven by playwright-core, against the live `guichet
// serve` started by t_admin.sh, which passes:
//   GUICHET_URL  http://127.0.0.1:PORT
//   ARTIFACTS    where screenshots go
//   CLEBARD      the id of the refused group "j'ai paumé mon clébard"
//   TROTT        the id of the refused group "où acheter une trottinette"
//   ANIMAL       the page that answers CLEBARD (service Police municipale)
//   CID          a conversation id of the web/API channel to export and erase
//   QUESTIONS    how many exchanges residents made (the reports show them)
//   ESSAIM       the id of the refused group "un essaim d'abeilles s'est posé
//                dans mon jardin", from which ed starts a page
//   ETHYLO       the address of the page ed creates from nothing
// Accounts (made by t_admin.sh): ed (editor, Police municipale), vera
// (validator), alice (admin).  Prints "ok - ..." / "FAIL - ...: detail" per
// check, then "N passed, M failed".
import {chromium} from 'playwright-core';
import {readFileSync, mkdirSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const BASE = process.env.GUICHET_URL;
const ART = process.env.ARTIFACTS || 'artifacts';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const {CLEBARD, TROTT, ANIMAL, CID, MARCHES, ESSAIM, ETHYLO} = process.env;
const QUESTIONS = Number(process.env.QUESTIONS || 0);
let asked = 0;   // questions this script asks the API (exchanges too: the reports count them)

mkdirSync(ART, {recursive: true});
let passed = 0, failed = 0;
const T0 = Date.now();
function ok(what) { passed++; console.log('ok - ' + what + (process.env.TIMES ? ` [${Date.now() - T0} ms]` : '')); }
function ko(what, detail) { failed++; console.log('FAIL - ' + what + (detail ? ': ' + detail : '')); }
function check(cond, what, detail) { if (cond) ok(what); else ko(what, detail); return cond; }

async function test(name, fn) {
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out after 60 s')), 60000);
    })]);
  } catch (e) {
    ko(name, (e && e.message ? e.message : String(e)).split('\n')[0]);
  } finally {
    clearTimeout(timer);
  }
}

setTimeout(() => {
  ko('the browser tests finish within 4 minutes');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, 240000).unref();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function newPage(viewport) {
  const context = await browser.newContext({viewport: viewport || {width: 1280, height: 900},
    locale: 'fr-FR', acceptDownloads: true});
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.problems = [];
  // 4xx answers are what some checks ask for (a wrong password, a page refused).
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()))
      page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push('page error: ' + e.message));
  return page;
}

// axe-core through the DevTools protocol (the CSP forbids injected scripts).
async function axe(page, what) {
  await page.evaluate(AXE);
  const res = await page.evaluate((tags) => window.axe.run(document, {runOnly: {type: 'tag', values: tags}}), AXE_TAGS);
  const v = res.violations.map((x) => `${x.id} (${x.impact}): ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  check(v.length === 0, `axe-core WCAG 2.1 A/AA on ${what}: 0 violations (${res.passes.length} rules passed)`, v.join(' | '));
}

// At 320 px: no horizontal scrolling; axe again where the layout changes
// much (tables, filters, charts).
async function narrow(page, what, again) {
  await page.setViewportSize({width: 320, height: 640});
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check(w[0] <= w[1], `${what} at 320 px: no horizontal scrolling (content ${w[0]} px)`);
  if (again) await axe(page, `${what} at 320 px`);
  await page.screenshot({path: `${ART}/admin-${what.replace(/\W+/g, '-')}-320.png`, fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

// Sign in with the keyboard only: Tab to each field, Enter to submit.
async function login(page, user, password) {
  await page.goto(BASE + '/admin/');
  check(page.url().endsWith('/admin/login'), `${user}: /admin/ without a session leads to the login`);
  await page.keyboard.press('Tab');   // the skip link
  await page.keyboard.press('Tab');   // the brand link
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== 'login') await page.focus('#login');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(BASE + '/admin/'), page.keyboard.press('Enter')]);
  check(/Bonjour/.test(await page.locator('main').innerText()), `${user} signs in with the keyboard`);
}

async function logout(page) {
  await Promise.all([page.waitForURL(BASE + '/admin/login'), page.click('form.logout button')]);
}

function cleanRun(page, what) {
  check(page.problems.length === 0, `${what}: no console error, no CSP violation`, page.problems.join(' | '));
}

await test('login page', async () => {
  const page = await newPage();
  await page.goto(BASE + '/admin/login');
  check(await page.getAttribute('html', 'lang') === 'fr', 'the back office is in French');
  await axe(page, 'the login page');
  await page.fill('#login', 'ed');
  await page.fill('#password', 'pas le bon mot de passe');
  await page.click('form button[type="submit"]');
  await page.waitForSelector('#login-erreur');
  check(await page.getAttribute('#password', 'aria-invalid') === 'true', 'a wrong password is said, tied to the fields');
  await axe(page, 'the login page with an error');
  await narrow(page, 'the login page');
  cleanRun(page, 'the login page');
  await page.context().close();
});

await test('editor attaches a refused question to the page that answers it', async () => {
  const page = await newPage();
  await login(page, 'ed', 'ed redige pour la police');
  await axe(page, 'the dashboard');
  await page.click('nav a[href="/admin/questions"]');
  await page.waitForSelector(`#g${CLEBARD}`);
  const item = page.locator('li.group', {has: page.locator(`#g${CLEBARD}`)});
  check(/2 fois/.test(await item.innerText()) && /refusée/.test(await item.innerText()),
    'the questions loop shows the group, its count and why', (await item.innerText()).slice(0, 160));
  check(await item.locator('form[action="/admin/questions/dismiss"]').count() === 0,
    'an editor is not offered to dismiss a question');
  await axe(page, 'the questions loop');
  await page.screenshot({path: `${ART}/admin-questions.png`, fullPage: true});
  await narrow(page, 'the questions loop', true);
  await item.locator('input[name="page"]').fill(ANIMAL);
  await Promise.all([page.waitForURL(/fait=lie/), item.locator('form[action="/admin/questions/link"] button').click()]);
  check(/rattaché/.test(await page.locator('.notice').innerText()), 'the group is attached, the page says so');
  check(await page.locator(`#g${CLEBARD}`).count() === 0, 'the group attached leaves the list');
  cleanRun(page, 'the editor\'s pages');
  await logout(page);
  await page.context().close();
});

await test('validator dismisses a question as out of scope, with a pointer', async () => {
  const page = await newPage();
  await login(page, 'vera', 'vera valide les pages');
  await page.goto(BASE + '/admin/questions?raison=refused&tri=recentes');
  await axe(page, 'the questions loop, filtered');
  const item = page.locator('li.group', {has: page.locator(`#g${TROTT}`)});
  await item.locator('input[name="pointer"]').fill('Adressez-vous à un vélociste.');
  await Promise.all([page.waitForURL(/fait=ecarte/), item.locator('form[action="/admin/questions/dismiss"] button').click()]);
  check(await page.locator(`#g${TROTT}`).count() === 0, 'the group dismissed leaves the list');
  const users = await page.goto(BASE + '/admin/users');
  check(users.status() === 403, 'a validator cannot open the accounts page', String(users.status()));
  await axe(page, 'a refused page (403)');
  cleanRun(page, 'the validator\'s pages');
  await page.context().close();
});

await test('editor creates a page, and starts one from a refused question group', async () => {
  const page = await newPage();
  await login(page, 'ed', 'ed redige pour la police');
  await page.click('nav a[href="/admin/pages"]');
  await Promise.all([page.waitForURL(/\/admin\/new$/), page.click('main a[href="/admin/new"]')]);
  await axe(page, 'the new page form');
  check(await page.locator('#service option').count() === 1 &&
    await page.inputValue('#service') === 'Police municipale', 'an editor chooses among its services only');
  await page.fill('#titre', 'Éthylotests gratuits');
  await page.fill('#adresse', ETHYLO);
  await page.fill('#etiquettes', 'prévention, routes');
  await page.fill('#relire', '2027-06-30');
  await page.fill('#texte', 'La police municipale distribue gratuitement des éthylotests à son poste, ' +
    'du lundi au vendredi.\n\nAppelez le 02 38 00 10 00 pour savoir s’il en reste.\n');
  await page.click('button[value="apercu"]');
  await page.waitForSelector('#apercu');
  check(/distribue gratuitement des éthylotests/.test(await page.locator('section.preview').innerText()),
    'the new page\'s preview, as residents will be given it (nothing saved)');
  const warn = await page.locator('section.warnings').innerText();
  check(/Ligne 3 du texte/.test(warn) && /written by hand/.test(warn),
    'the import\'s warnings on the preview (a facility\'s phone number written by hand)', warn.slice(0, 200));
  await axe(page, 'the new page form with its preview and warnings');
  await narrow(page, 'the new page form with its preview', true);
  await Promise.all([page.waitForURL(/fait=creee/), page.click('button[value="brouillon"]')]);
  check(/La page est créée/.test(await page.locator('main').innerText()), 'saved as a draft, the page says so');
  check(await page.locator('section.warnings').count() === 1, 'the page\'s view lists the warnings of its newest version');
  await Promise.all([page.waitForURL(/fait=soumise/), page.click('form[action="/admin/page/submit"] button')]);
  check(await page.locator('form[action="/admin/page/validate"]').count() === 0, 'an editor is not offered to validate it');
  const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
  const res = await page.request.post(BASE + '/admin/page/validate', {form: {csrf, id: ETHYLO}});
  check(res.status() === 403, 'an editor cannot validate the page it created', String(res.status()));

  await page.goto(BASE + '/admin/questions');
  const item = page.locator('li.group', {has: page.locator(`#g${ESSAIM}`)});
  await Promise.all([page.waitForURL(/\/admin\/new\?groupe=/),
    item.locator('a[href^="/admin/new?groupe="]').click()]);
  check(/essaim/i.test(await page.inputValue('#titre')) && /\[\/\/\]: # "/.test(await page.inputValue('#texte')) &&
    /essaim/i.test(await page.inputValue('#questions')), 'the form is filled from the group (title, comments, questions)');
  await axe(page, 'the new page form, from a question group');
  await page.fill('#titre', 'Essaim d’abeilles dans un jardin');
  await page.fill('#adresse', 'essaims abeilles');
  const outline = await page.inputValue('#texte');
  await page.fill('#texte', outline + 'Un essaim d’abeilles s’est posé chez vous : ne le détruisez pas. La ' +
    'police municipale vous donne les coordonnées des apiculteurs bénévoles qui viennent le récupérer gratuitement.\n');
  await Promise.all([page.waitForURL(/fait=creee/), page.click('button[value="brouillon"]')]);
  check(decodeURIComponent(page.url()).includes('id=/essaims-abeilles'), 'a short name becomes the page\'s address', page.url());
  await Promise.all([page.waitForURL(/fait=soumise/), page.click('form[action="/admin/page/submit"] button')]);
  await page.goto(BASE + '/admin/questions');
  check(await page.locator(`#g${ESSAIM}`).count() === 0, 'the group drafted leaves the questions loop');
  cleanRun(page, 'the editor\'s new pages');
  await logout(page);
  await page.context().close();
});

await test('validator validates the new pages', async () => {
  const page = await newPage();
  await login(page, 'vera', 'vera valide les pages');
  for (const id of [ETHYLO, '/essaims-abeilles']) {
    await page.goto(BASE + '/admin/page?id=' + encodeURIComponent(id));
    await Promise.all([page.waitForURL(/fait=validee/), page.click('form[action="/admin/page/validate"] button')]);
  }
  check(/l’assistant la sert dans quelques secondes/.test(await page.locator('main').innerText()),
    'a validator validates the pages the editor created');
  // The residents' API answers from them within 5 s of the validation.
  const t0 = Date.now();
  let served = null, last = '';
  while (Date.now() - t0 < 5000 && !served) {
    const a = await (await page.request.post(BASE + '/api/v1/ask', {data: {question: 'où trouver des éthylotests gratuits ?'}})).json();
    const b = await (await page.request.post(BASE + '/api/v1/ask', {data: {question: 'Un essaim d\'abeilles s\'est posé dans mon jardin'}})).json();
    asked += 2;
    last = JSON.stringify([a.sources, b.sources]).slice(0, 200);
    if (!a.refused && a.sources[0].url === ETHYLO && !b.refused && b.sources[0].url === '/essaims-abeilles')
      served = Date.now() - t0;
    else await page.waitForTimeout(100);
  }
  check(served !== null, `the API answers from the new page and from the page drafted from the refused group within 5 s (${served} ms)`, last);
  cleanRun(page, 'the validator\'s validations');
  await page.context().close();
});

await test('admin: reports, accounts, audit, residents\' rights', async () => {
  const page = await newPage();
  await login(page, 'alice', 'alice a une longue phrase');
  await page.click('nav a[href="/admin/reports"]');
  await page.waitForSelector('svg.chart');
  const text = await page.locator('main').innerText();
  check(new RegExp(`${QUESTIONS + asked} questions`).test(text), `the report shows the ${QUESTIONS + asked} exchanges made`, text.slice(0, 200));
  check(await page.locator('svg.chart[role="img"] title').count() >= 3 &&
        await page.locator('.report-block table').count() >= 3, 'each chart (SVG, titled) has its table beside it');
  const csv = await page.request.get(BASE + '/admin/reports.csv');
  check(csv.status() === 200 && (await csv.text()).startsWith('date,channel,questions,answered,refused'),
    'the CSV download');
  await axe(page, 'the reports');
  await page.screenshot({path: `${ART}/admin-reports.png`, fullPage: true});
  await narrow(page, 'the reports', true);
  await page.goto(BASE + '/admin/reports?par=semaine');
  check(/semaine du \d{4}-\d\d-\d\d/.test(await page.locator('main').innerText()), 'the report by week');

  await page.click('nav a[href="/admin/users"]');
  check(await page.locator('table tbody tr').count() >= 4, 'the accounts are listed');
  await axe(page, 'the accounts');
  await narrow(page, 'the accounts', true);

  await page.click('nav a[href="/admin/audit"]');
  const audit = await page.locator('main').innerText();
  check(/question\.link/.test(audit) && /question\.dismiss/.test(audit) && /vera/.test(audit),
    'the audit log shows who attached and who dismissed');
  await axe(page, 'the audit log');
  await narrow(page, 'the audit log');

  await page.click('nav a[href="/admin/rights"]');
  await axe(page, 'the residents\' rights');
  await page.fill('#phone', '06 12 34 56 78');
  await page.click('form[action="/admin/rights/find"] button');
  await page.waitForSelector('[role="status"]');
  check(/1 échange gardé/.test(await page.locator('main').innerText()), 'found by the phone number typed (SMS)',
    (await page.locator('main').innerText()).slice(0, 200));
  await axe(page, 'a resident\'s exchanges');
  await page.check('#confirm');
  await page.click('form[action="/admin/rights/erase"] button');
  await page.waitForSelector('h1:has-text("Échanges effacés")');
  ok('the SMS number\'s exchanges are erased');

  await page.goto(BASE + '/admin/rights');
  await page.fill('#cid', CID);
  await page.click('form[action="/admin/rights/find"] button');
  await page.waitForSelector('form[action="/admin/rights/export"]');
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.click('form[action="/admin/rights/export"] button')]);
  const json = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  check(json.conversation_id === CID && json.exchanges.length >= 1 && json.exchanges[0].question,
    'the export is JSON with the conversation\'s exchanges', JSON.stringify(json).slice(0, 160));
  await page.check('#confirm');
  await page.click('form[action="/admin/rights/erase"] button');
  await page.waitForSelector('h1:has-text("Échanges effacés")');

  await page.click('nav a[href="/admin/pages"]');
  check(await page.locator('main table').count() >= 10, 'the pages are listed by service');
  await axe(page, 'the pages');
  await narrow(page, 'the pages', true);
  await page.goto(BASE + '/admin/page?id=' + encodeURIComponent(MARCHES));
  const diff = await page.locator('main').innerText();
  check(/Ce qui a changé de la version 1 à la version 2/.test(diff) && /supprimée/.test(diff) &&
    /ajoutée/.test(diff) && /12 h 30/.test(diff) && /8 h à 13 h/.test(diff),
    'a page\'s versions and what changed between two', diff.slice(0, 300));
  await axe(page, 'a page\'s versions and differences');
  await narrow(page, 'a page\'s versions and differences', true);
  await page.click('main a[href^="/admin/edit"]');
  await page.waitForSelector('#texte');
  await axe(page, 'the page editor');
  await page.click('button[value="apercu"]');
  await page.waitForSelector('#apercu');
  check(/ce que l’assistant dira/.test(await page.locator('#apercu').innerText()) &&
    /8 h à 13 h/.test(await page.locator('section.preview').innerText()), 'the editor\'s preview (nothing saved)');
  await axe(page, 'the page editor with its preview');
  await narrow(page, 'the page editor with its preview', true);

  await page.click('nav a[href="/admin/password"]');
  await axe(page, 'the password page');
  await narrow(page, 'the password page');
  await page.goto(BASE + '/admin/');
  await narrow(page, 'the dashboard');
  cleanRun(page, 'the admin\'s pages');
  await logout(page);
  await page.context().close();
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

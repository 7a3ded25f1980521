// nvdbg end to end in a real VS Code (code-server) driven by Debian's Chromium through
// playwright-core: a nested debug session on examples/nested-s2, a stop on the `at-trap`
// exception breakpoint, the nested scopes, the PAR_EL1 hover, the page-table and 2-D walk
// webviews, a step, and a language-server diagnostic. Prints `ok`/`FAIL` lines and
// `N passed, M failed`; screenshots in $E2E_SHOTS.
// Usage: node e2e.mjs BASE_URL WORKSPACE_DIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require(path.join(process.env.E2E_TOOLS, 'node_modules', 'playwright-core'));
const BASE = process.argv[2];
const WS = process.argv[3];
const SHOTS = process.env.E2E_SHOTS;
fs.mkdirSync(SHOTS, { recursive: true });

const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let passes = 0, failures = 0;
const check = (name, ok, detail = '') => { if (ok) passes++; else failures++; console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
const page = await context.newPage();
const consoleLog = fs.createWriteStream(path.join(SHOTS, 'browser-console.log'));
page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
const shot = (name) => page.screenshot({ path: path.join(SHOTS, name) });

/** Run a palette command by its exact label, retrying while extensions are still registering. */
async function runCommand(label, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp('^\\s*' + esc + '\\s*$') }) }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill('>' + label);
    try { await row.waitFor({ timeout: 2000 }); await row.click(); log(`ran '${label}'`); return; } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command '${label}' never showed in the palette`);
      await page.waitForTimeout(500);
    }
  }
}

/** Center of the first occurrence of `word` in the editor's rendered lines. */
async function wordBox(word) {
  return page.evaluate((w) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = walker.nextNode())) {
        const i = n.textContent.indexOf(w);
        if (i >= 0) { const r = document.createRange(); r.setStart(n, i + 1); r.setEnd(n, i + w.length - 1); const b = r.getBoundingClientRect(); return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; }
      }
    }
    return null;
  }, word);
}

const variables = page.locator('.debug-pane .monaco-list-row');
try {
  await page.goto(`${BASE}/?folder=${encodeURIComponent(WS)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'nested-s2' }).first().waitFor({ timeout: 90000 });
  log('workbench ready');
  await shot('01-workbench.png');

  // 1. A nested session from examples/.vscode/launch.json, stopped on entry.
  await runCommand('View: Show Run and Debug');
  await runCommand('Debug: Start Debugging');
  const regsScope = variables.filter({ hasText: /^\s*Registers\s*$/ }).first();
  await regsScope.waitFor({ timeout: 90000 });
  log('stopped on entry');
  await regsScope.click(); // collapse the first scope: the list is virtualized, the others must be on screen
  await variables.filter({ hasText: 'Virtual EL2 Registers' }).first().waitFor({ timeout: 20000 });
  check('Variables view shows the Virtual EL2 Registers scope', await variables.filter({ hasText: 'Virtual EL2 Registers' }).count() > 0);
  check('Variables view shows the Shadow Stage-2 MMUs scope', await variables.filter({ hasText: 'Shadow Stage-2 MMUs' }).count() > 0);

  // 2. The at-trap exception breakpoint (Breakpoints view), then continue to the first emulated AT.
  const filterRow = page.locator('.monaco-list-row', { hasText: 'AT trapped to the host' }).first();
  await filterRow.waitFor({ timeout: 30000 });
  const box = filterRow.locator('input[type=checkbox], [role=checkbox], .monaco-checkbox').first();
  await box.click();
  await page.waitForTimeout(300);
  check('the at-trap filter is enabled in the Breakpoints view', /checked|true/.test(((await box.getAttribute('aria-checked')) ?? '') + ((await box.getAttribute('class')) ?? '') + String(await box.isChecked().catch(() => false))));
  await runCommand('Debug: Continue');
  const exc = page.locator('.zone-widget .title, .exception-widget', { hasText: 'AT S12E1R' }).first();
  const stoppedOnAt = await exc.waitFor({ timeout: 60000 }).then(() => true, () => false);
  check('stops on the at-trap exception breakpoint with its description', stoppedOnAt, stoppedOnAt ? (await exc.innerText()).replace(/\s+/g, ' ').slice(0, 160) : '');
  await page.waitForTimeout(500);
  await shot('02-at-trap.png');

  // 3. Hover PAR_EL1 in nested-s2.S: the adapter decodes it.
  await page.keyboard.press('Escape');
  let hover = '';
  const parBox = await wordBox('par_el1');
  check('found par_el1 in the editor', parBox !== null);
  for (let attempt = 0; parBox !== null && attempt < 3 && !/F=1/.test(hover); attempt++) {
    await page.mouse.move(parBox.x - 40, parBox.y + 60);
    await page.mouse.move(parBox.x, parBox.y, { steps: 5 });
    const w = page.locator('.debug-hover-widget', { hasText: '0x' }).first();
    try { await w.waitFor({ state: 'visible', timeout: 5000 }); hover = await w.innerText(); } catch { /* retry */ }
  }
  check('hovering PAR_EL1 shows its decoded fields', /0x0000000000000a0f/.test(hover) && /F=1/.test(hover) && /S=1/.test(hover), hover.replace(/\s+/g, ' ').slice(0, 160));
  await shot('03-hover.png');
  await page.mouse.move(5, 500);
  await page.keyboard.press('Escape');

  // 4. The page-table webview: L1's stage 2, the descriptors the AT walked highlighted.
  await runCommand('nvdbg: Show Page Tables');
  const inner = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await inner.locator('#regime').waitFor({ timeout: 30000 });
  await inner.locator('#regime').selectOption('s2');
  // The tree loads level by level, following the walked path open: wait for two highlighted levels.
  const walked = inner.locator('li.walked');
  const sawWalked = await walked.nth(1).waitFor({ timeout: 30000 }).then(() => true, () => false);
  check('page-table webview highlights the walked descriptors', sawWalked, `${await walked.count()} highlighted`);
  await shot('04-page-tables.png');

  // 5. The 2-D walk view of the same AT: the faulting stage-2 fetch is marked.
  await inner.locator('#tab-walk').click();
  const grid = inner.locator('#walk-grid');
  const sawGrid = await grid.waitFor({ timeout: 15000 }).then(() => true, () => false);
  check('2-D walk view shows the walk grid with the faulting cell', sawGrid && (await inner.locator('#walk-grid td.fault').count()) === 1);
  await shot('05-walk.png');
  // Walk step -> tree node: clicking the faulting fetch opens the stage-2 table at that descriptor.
  await inner.locator('#walk-grid td.fault').click();
  const focused = await inner.locator('li.focus').first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  check('clicking a walk step shows its descriptor in the page-table tree', focused);
  // Descriptor -> memory view at its PA.
  await inner.locator('li.focus').first().dblclick();
  const mem = inner.locator('#memory span.membyte.focus');
  const sawMem = await mem.first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  check('double-clicking a descriptor shows its bytes in the memory view', sawMem && (await mem.count()) === 8);
  await shot('05b-memory.png');
  await inner.locator('#tab-walk').click();

  // 6. Step over one instruction: still stopped, the Variables view refreshed.
  await runCommand('Debug: Step Over');
  // Stopped one instruction later: the top frame moved from l1_dabt+0x2c (the ISB) to +0x30.
  const afterStep = await page.locator('.monaco-list-row', { hasText: /vEL2 l1_dabt\+0x30/ }).first().waitFor({ timeout: 20000 }).then(() => true, () => false);
  check('step over stops on the next instruction (call stack vEL2 l1_dabt+0x30)', afterStep);

  // 7. The language server's diagnostic for a syntax error typed into the editor.
  await runCommand('Debug: Stop');
  await page.waitForTimeout(500);
  await page.locator('.tabs-container .tab', { hasText: 'nested-s2.S' }).first().click();
  await runCommand('Go to Line/Column...');
  await page.keyboard.type('23');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  const lineBox = await wordBox('.global'); // one token ('_start' and ':' are rendered in separate spans)
  check('found the .global line in the editor', lineBox !== null);
  if (lineBox !== null) {
    await page.mouse.click(lineBox.x, lineBox.y);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('    bogus x0, x1', { delay: 10 });
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    const saw = await squiggle.waitFor({ timeout: 30000 }).then(() => true, () => false);
    check('the language server reports the syntax error as a diagnostic', saw);
    await shot('06-diagnostic.png');
  }
} catch (e) {
  failures++;
  console.log('FAIL exception:', e.message);
  await shot('99-failure.png').catch(() => {});
} finally {
  await browser.close();
  consoleLog.end();
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);

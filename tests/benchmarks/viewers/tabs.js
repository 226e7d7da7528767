// Opens N signed-in tabs of each page kind in Debian's chromium and measures what the portal holds for them.
// Called by run.sh: node tabs.js <portal URL> <portal PID> <tabs per page> <seconds to wait after closing> <path>...
// For each path: a full collection and heap walk (dotnet-gcdump) and the RSS before, with the tabs open, and after they
// were closed; the live Blazor circuits are counted from the heap (CircuitHost instances).
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [base, pid, tabsText, waitText, ...paths] = process.argv.slice(2);
const tabs = Number(tabsText);
const afterClose = Number(waitText);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-viewers-'));

// dotnet-gcdump collects after a full, blocking collection; its report gives the live heap's size and every type with
// its count and size (a type may have a line per size bucket: "(Bytes > 10K)").
function measure(label) {
  const file = path.join(work, `${label}.gcdump`);
  execFileSync('dotnet', ['gcdump', 'collect', '-p', pid, '-o', file], { stdio: 'ignore' });
  const report = execFileSync('dotnet', ['gcdump', 'report', file], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  let heap = 0;
  const types = new Map();
  for (const line of report.split('\n')) {
    const total = line.match(/^\s*([\d,]+)\s+GC Heap bytes/);
    if (total) heap = Number(total[1].replace(/,/g, ''));
    const m = line.match(/^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [\dK]+\))?\s+\[[^\]]+\]\s*$/);
    if (!m) continue;
    const t = types.get(m[3]) || { bytes: 0, count: 0 };
    t.bytes += Number(m[1].replace(/,/g, ''));
    t.count += Number(m[2].replace(/,/g, ''));
    types.set(m[3], t);
  }
  fs.rmSync(file, { force: true });
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
  const circuits = (types.get('Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost') || { count: 0 }).count;
  return { heap, rss, circuits, types };
}

// The types whose instances grew most with the tabs open: what a tab keeps alive (VIEWERS_TOP=N prints N of them).
// Counts only: the report's per-type byte column does not add up to the heap (it sums to a tenth of it on .NET 10),
// while its counts add up to the heap's object count.
function growth(before, open, n) {
  return [...open.types].map(([type, t]) => ({ type, count: t.count - (before.types.get(type)?.count || 0) }))
    .sort((a, b) => b.count - a.count).slice(0, n);
}

const mb = (bytes) => (bytes / 1048576).toFixed(1);
const kb = (bytes) => Math.round(bytes / 1024);

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await context.newPage();
  await signIn.goto(`${base}/dev/sign-in`);
  await signIn.locator('div.mud-paper', { hasText: process.env.VIEWER || 'executive' }).getByRole('button').first().click();
  await signIn.waitForLoadState('networkidle');
  await signIn.close();

  const rows = [];
  for (const target of paths) {
    const before = measure('before');
    const pages = [];
    for (let i = 0; i < tabs; i++) {
      const page = await context.newPage();
      const response = await page.goto(base + target, { waitUntil: 'load' });
      // A page rendered for interactivity carries Blazor's server markers; it is ready when its circuit rendered
      // (data-interactive on the layout). A static page is ready when loaded: it opens no circuit.
      if ((await response.text()).includes('"type":"server"')) {
        await page.waitForSelector('[data-interactive="true"]', { timeout: 60000 });
      }
      pages.push(page);
    }
    await new Promise((r) => setTimeout(r, 2000));
    const open = measure('open');
    for (const page of pages) await page.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, afterClose * 1000));
    const closed = measure('closed');
    rows.push({ target, before, open, closed });
    for (const g of growth(before, open, Number(process.env.VIEWERS_TOP || 0))) {
      console.log(`    ${String((g.count / tabs).toFixed(1)).padStart(8)} per tab  ${g.type}`);
    }
    console.log(`${target}: heap ${mb(before.heap)} -> ${mb(open.heap)} MB with ${tabs} tabs (${kb((open.heap - before.heap) / tabs)} KB per tab), ` +
      `RSS ${mb(before.rss)} -> ${mb(open.rss)} MB (${kb((open.rss - before.rss) / tabs)} KB per tab), circuits ${before.circuits} -> ${open.circuits}; ` +
      `${afterClose} s after closing: heap ${mb(closed.heap)} MB, RSS ${mb(closed.rss)} MB, circuits ${closed.circuits}`);
  }
  await browser.close();

  console.log('\n| Page | Live heap per open tab | RSS per open tab | Circuits per tab | After closing (heap, circuits) | 1,000 viewers (heap) |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: |');
  for (const { target, before, open, closed } of rows) {
    const perTab = (open.heap - before.heap) / tabs;
    console.log(`| \`${target}\` | ${kb(perTab)} KB | ${kb((open.rss - before.rss) / tabs)} KB | ${((open.circuits - before.circuits) / tabs).toFixed(1)} | ` +
      `${mb(closed.heap)} MB (was ${mb(before.heap)}), ${closed.circuits} | ${mb(perTab * 1000)} MB |`);
  }
  fs.rmSync(work, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });

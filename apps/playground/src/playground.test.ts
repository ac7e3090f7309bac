/**
 * The playground page in headless Chromium: served by Vite's dev server, driven through the
 * `window.playground` hooks (the functions the page's buttons call) and real mouse and touch input.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type ViteDevServer, createServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BackendInfo, Prediction } from './api.js';
import { decodePng, distinctColours } from './testing/png.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
const title = (t: string) => (missing ? `${t} (skipped: ${CHROMIUM} not found)` : t);
const root = fileURLToPath(new URL('..', import.meta.url));

let server: ViteDevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let backends: BackendInfo[];
const errors: string[] = [];

beforeAll(async () => {
  if (missing) return;
  // No watcher and no HMR: a file edited elsewhere during the run must not reload the page.
  server = await createServer({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', server: { port: 0, host: '127.0.0.1', hmr: false, watch: null } });
  await server.listen();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  context = await browser.newContext({ hasTouch: true, viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.waitForFunction(() => 'playground' in window);
  backends = await page.evaluate(() => window.playground.ready);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it.skipIf(missing)(title('serves the page cross-origin isolated and reports each backend'), async () => {
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(backends.map((b) => b.name)).toEqual(['cpu', 'wasm', 'webgpu']);
  const wasm = backends.find((b) => b.name === 'wasm')!;
  expect(wasm.available, wasm.detail).toBe(true);
  // COOP/COEP give shared memory, so wasm runs its worker threads.
  expect(wasm.threads, wasm.detail).toBeGreaterThan(1);
  const webgpu = backends.find((b) => b.name === 'webgpu')!;
  expect(webgpu.detail).toMatch(webgpu.available ? /^adapter: \S/ : /^unavailable: \S/);
  const listed = await page.locator('#backend-info li').allTextContents();
  expect(listed).toEqual(backends.map((b) => `${b.name}: ${b.detail}`));
  const options = await page.locator('#backend option:not([disabled])').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options).toEqual(backends.filter((b) => b.available).map((b) => b.name));
});

for (const name of ['cpu', 'wasm', 'webgpu']) {
  it.skipIf(missing)(title(`parity checks on ${name}: every row of the table passes`), async (ctx) => {
    const info = backends.find((b) => b.name === name)!;
    if (name === 'webgpu' && !info.available) ctx.skip(`webgpu: ${info.detail}`);
    expect(info.available, info.detail).toBe(true);
    const rows = await page.evaluate((b) => window.playground.runParity(b), name);
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(rows.find((r) => r.check === 'eval: F.dropout(x) still drops')?.pass).toBe(true);
    const shown = await page.locator('#parity tbody tr', { hasText: name }).count();
    expect(shown).toBe(rows.length);
    expect(await page.locator('#parity tbody tr.fail').count()).toBe(0);
  }, 240_000);
}

it.skipIf(missing)(title('trains the nn CNN and its F twin to identical, falling loss curves'), async () => {
  const report = await page.evaluate(() => window.playground.train({ backend: 'wasm', samples: 256, batchSize: 32, epochs: 1, evalSamples: 100 }));
  const { nn, F } = report.curves;
  expect(nn).toHaveLength(8);
  expect(F).toEqual(nn);
  expect(nn.at(-1)!).toBeLessThan(nn[0]!);
  expect(report.accuracy.F).toBe(report.accuracy.nn);
  // Chance is 10%; eight steps already learn something.
  expect(report.accuracy.nn).toBeGreaterThan(0.2);
  await expect.poll(() => page.locator('#train-result').textContent()).toContain('identical');
  // Both curves are on the chart: pixels near each series' colour.
  const drawn = await page.evaluate(() => {
    const c = document.getElementById('chart') as HTMLCanvasElement;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const near = (r: number, g: number, b: number) => {
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i]! - r) + Math.abs(px[i + 1]! - g) + Math.abs(px[i + 2]! - b) < 40) n++;
      return n;
    };
    return { nn: near(0x1f, 0x5f, 0xbf), F: near(0xf2, 0x8e, 0x2b) };
  });
  expect(drawn.nn).toBeGreaterThan(200);
  expect(drawn.F).toBeGreaterThan(200);
}, 240_000);

async function stroke(draw: (from: { x: number; y: number }, to: { x: number; y: number }) => Promise<void>): Promise<Prediction | null> {
  await page.evaluate(() => window.playground.clear());
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('#pad').boundingBox())!;
  await draw({ x: box.x + box.width * 0.5, y: box.y + box.height * 0.15 }, { x: box.x + box.width * 0.45, y: box.y + box.height * 0.85 });
  return page.evaluate(() => window.playground.settled());
}

function expectPrediction(p: Prediction | null): asserts p is Prediction {
  expect(p).not.toBeNull();
  expect(p!.probabilities).toHaveLength(10);
  expect(p!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expect(p!.digit).toBe(p!.probabilities.indexOf(Math.max(...p!.probabilities)));
}

it.skipIf(missing)(title('predicts a digit drawn with the mouse and with a finger'), async () => {
  const byMouse = await stroke(async (a, b) => {
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 12 });
    await page.mouse.up();
  });
  expectPrediction(byMouse);
  expect(await page.locator('#prediction .digit').textContent()).toContain(`Prediction: ${byMouse.digit}`);
  expect(await page.locator('#prediction .bar').count()).toBe(10);

  const cdp = await context.newCDPSession(page);
  const byTouch = await stroke(async (a, b) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [a] });
    for (let i = 1; i <= 12; i++) {
      const t = i / 12;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  });
  expectPrediction(byTouch);
  // The same stroke, so (up to anti-aliasing where segments overlap) the same input and prediction.
  expect(byTouch.digit).toBe(byMouse.digit);
  expect(Math.max(...byTouch.probabilities.map((p, i) => Math.abs(p - byMouse.probabilities[i]!)))).toBeLessThan(0.05);
}, 120_000);

it.skipIf(missing)(title('renders the page: a screenshot is far from blank'), async () => {
  const shot = distinctColours(decodePng(await page.screenshot({ fullPage: true })));
  const blankPage = await context.newPage();
  await blankPage.setContent('<html><body></body></html>');
  const blank = distinctColours(decodePng(await blankPage.screenshot()));
  await blankPage.close();
  expect(blank).toBe(1);
  expect(shot).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});

// Opens a page in headless Chromium over the DevTools protocol, waits until the Blazor UI has drawn, saves a PNG and
// prints the page's visible text. A plain `chromium --screenshot` is not enough: the Aspire dashboard renders only
// after its SignalR circuit connects, so a one-shot capture is blank.
// Node 20, no packages: node --experimental-websocket scripts/dashboard-shot.mjs --url URL --out shot.png
//   [--wait-for TEXT]... [--timeout 60000] [--settle 1500] [--text page.txt] [--width 1600 --height 1000]
//   [--wait-js EXPR] [--chromium /usr/bin/chromium] [--eval JS]
// --wait-js: also wait until this page expression is truthy (e.g. every row shows its state).
// --eval: runs after the wait (e.g. to click a menu), then waits --settle again.
// Exit code: 0 when every wait condition held, 2 when one timed out (the PNG and text are still written).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = parseArgs(process.argv.slice(2));
if (!args.url || !args.out) fail('usage: --url URL --out file.png [--wait-for TEXT]...');
const timeoutMs = Number(args.timeout ?? 60000);
const settleMs = Number(args.settle ?? 1500);
const deadline = Date.now() + timeoutMs;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A fresh profile each time: no cached login cookie or state may leak between runs.
const profile = mkdtempSync(join(tmpdir(), 'dashboard-shot-'));
const chromium = spawn(args.chromium ?? 'chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--remote-allow-origins=*',
  `--window-size=${args.width ?? 1600},${args.height ?? 1000}`, 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'], detached: true }); // own process group, so its helpers go with it
let chromiumErr = '';
chromium.stderr.on('data', (d) => { chromiumErr = (chromiumErr + d).slice(-4000); });

let exitCode = 1;
try {
  const port = await devToolsPort();
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === 'page');
  if (!page) throw new Error('no page target in Chromium');
  const cdp = await connect(page.webSocketDebuggerUrl);
  await cdp.send('Page.enable');
  await cdp.send('Page.navigate', { url: args.url });

  // Poll the visible text until every expected string shows (or the deadline passes), then let the layout settle.
  const wanted = [].concat(args['wait-for'] ?? []);
  let text = '';
  let condition = true;
  let blankSince = Date.now();
  for (;;) {
    text = await pageText(cdp);
    // A page still blank after a while never got its first render (seen on a loaded machine): load it again.
    if (text.trim()) blankSince = Date.now();
    else if (Date.now() - blankSince > 20000) {
      console.error('dashboard-shot: page still blank after 20 s, navigating again');
      await cdp.send('Page.navigate', { url: args.url });
      blankSince = Date.now();
    }
    const missing = wanted.filter((w) => !text.includes(w));
    condition = !args['wait-js'] || await evaluate(cdp, args['wait-js']);
    if (text.trim() && missing.length === 0 && condition) break;
    if (Date.now() > deadline) {
      console.error(`timed out waiting for: ${[...missing, condition ? '' : '--wait-js'].filter(Boolean).join(' | ') || 'any text'}` +
        ` (page ${await evaluate(cdp, 'location.href + " " + document.readyState')})`);
      break;
    }
    await sleep(500);
  }
  await sleep(settleMs);
  if (args.eval) {
    const r = await cdp.send('Runtime.evaluate', { expression: args.eval, awaitPromise: true, returnByValue: true });
    if (r.result?.value !== undefined) console.error(`eval: ${JSON.stringify(r.result.value)}`);
    await sleep(settleMs);
  }
  text = await pageText(cdp);
  const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(args.out, Buffer.from(shot.data, 'base64'));
  if (args.text) writeFileSync(args.text, text);
  process.stdout.write(text + '\n');
  exitCode = wanted.every((w) => text.includes(w)) && condition ? 0 : 2;
  cdp.close();
} catch (e) {
  console.error(`dashboard-shot: ${e.message}\nchromium stderr (tail):\n${chromiumErr}`);
} finally {
  if (chromium.exitCode === null) {
    chromium.kill('SIGTERM');
    await Promise.race([new Promise((r) => chromium.once('exit', r)), sleep(5000)]);
  }
  // Helpers (e.g. the crash handler) can outlive the browser and keep writing into the profile.
  try { process.kill(-chromium.pid, 'SIGKILL'); } catch { /* group already gone */ }
  await sleep(200);
  // Chromium's helper processes may still be flushing the profile for a moment; a leftover temp dir is no failure.
  try { rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch { /* ignore */ }
}
process.exit(exitCode);

async function devToolsPort() {
  // With --remote-debugging-port=0 Chromium picks a free port and writes it into the profile.
  const file = join(profile, 'DevToolsActivePort');
  while (Date.now() < deadline) {
    if (chromium.exitCode !== null) throw new Error(`chromium exited with ${chromium.exitCode}`);
    if (existsSync(file)) {
      const port = readFileSync(file, 'utf8').split('\n')[0].trim();
      if (port) return port;
    }
    await sleep(100);
  }
  throw new Error('chromium did not open its DevTools port');
}

async function pageText(cdp) {
  return (await evaluate(cdp, 'document.body ? document.body.innerText : ""')) ?? '';
}

async function evaluate(cdp, expression) {
  const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
  return r.result?.value;
}

function connect(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const pending = new Map();
    let nextId = 1;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      msg.error ? p.reject(new Error(`${p.method}: ${msg.error.message}`)) : p.resolve(msg.result);
    };
    ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    ws.onopen = () => resolve({
      send: (method, params = {}) => new Promise((res, rej) => {
        const id = nextId++;
        pending.set(id, { resolve: res, reject: rej, method });
        ws.send(JSON.stringify({ id, method, params }));
      }),
      close: () => ws.close(),
    });
  });
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (key === 'wait-for') (out[key] ??= []).push(value);
    else out[key] = value;
  }
  return out;
}

function fail(msg) { console.error(msg); process.exit(64); }

// DAP latency over stdio against dist/debugAdapter.js: step + full refresh
// (threads, stackTrace, scopes, every non-expensive scope's variables) and
// pause latency while a tight loop runs. Prints JSON with p50/p95 in ms.
const cp = require('child_process');
const path = require('path');
const root = path.join(__dirname, '..');

function client() {
  const p = cp.spawn(process.execPath, [path.join(root, 'dist/debugAdapter.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0), seq = 1;
  const pending = new Map(), waiters = [];
  p.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, h).toString())[1]);
      if (buf.length < h + 4 + len) return;
      const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
      buf = buf.subarray(h + 4 + len);
      if (msg.type === 'response') { const r = pending.get(msg.request_seq); pending.delete(msg.request_seq); r(msg); }
      else if (msg.type === 'event') { for (const w of waiters.splice(0)) w(msg); }
    }
  });
  const req = (command, args) => new Promise((res) => { const s = seq++; pending.set(s, res); const m = JSON.stringify({ seq: s, type: 'request', command, arguments: args }); p.stdin.write(`Content-Length: ${Buffer.byteLength(m)}\r\n\r\n${m}`); });
  const event = (name) => new Promise((res) => { const f = (e) => (e.event === name ? res(e) : waiters.push(f)); waiters.push(f); });
  return { p, req, event };
}

const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

(async () => {
  const c = client();
  await c.req('initialize', { adapterID: 'nvdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const entry = c.event('stopped');
  await c.req('launch', { program: path.join(root, 'bench/programs/tight.elf'), stopOnEntry: true });
  await c.req('configurationDone', {});
  await entry;
  const refresh = async () => {
    await c.req('threads', {});
    const st = await c.req('stackTrace', { threadId: 0 });
    const sc = await c.req('scopes', { frameId: st.body.stackFrames[0].id });
    await Promise.all(sc.body.scopes.filter((s) => !s.expensive).map((s) => c.req('variables', { variablesReference: s.variablesReference })));
  };
  const times = [];
  for (let i = 0; i < 350; i++) {
    const t = process.hrtime.bigint();
    const stopped = c.event('stopped');
    await c.req('next', { threadId: 0 });
    await stopped;
    await refresh();
    if (i >= 50) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const pauses = [];
  for (let i = 0; i < 10; i++) {
    await c.req('continue', { threadId: 0 });
    await new Promise((r) => setTimeout(r, 50));
    const stopped = c.event('stopped');
    const t = process.hrtime.bigint();
    await c.req('pause', { threadId: 0 });
    await stopped;
    pauses.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  c.p.kill();
  console.log(JSON.stringify({ stepP50: pct(times, 0.5), stepP95: pct(times, 0.95), pauseP50: pct(pauses, 0.5), pauseMax: Math.max(...pauses) }));
})();

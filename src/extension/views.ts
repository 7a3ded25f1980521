// The nvdbg webview panel (2-D walk, page tables, shadow MMUs, what-if translation) and
// its commands. Data comes only through the adapter's typed custom requests
// (../debug-adapter/protocol.ts); the panel refreshes at every stop and survives reloads
// through its serializer. Strict CSP with a nonce; resources only from media/.
import * as vscode from 'vscode';
import * as crypto from 'crypto';
import { DEBUG_TYPE } from './debug';
import type { AtWalksResponseBody, ShadowMmusResponseBody, PageTableResponseBody, TranslateResponseBody } from '../debug-adapter/protocol';

const VIEW_TYPE = 'nvdbg.views';
type Tab = 'walk' | 'tables' | 'mmus' | 'translate';

class NvdbgPanel {
  static current: NvdbgPanel | undefined;
  /** The tab a command asked for: sent again when the webview script reports 'ready' (a message sent earlier is lost). */
  private wantTab: Tab | undefined;
  private constructor(readonly panel: vscode.WebviewPanel, private readonly media: vscode.Uri) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = this.html();
    panel.onDidDispose(() => { if (NvdbgPanel.current === this) NvdbgPanel.current = undefined; });
    panel.webview.onDidReceiveMessage((m: { type: string; key?: string; start?: number; purpose?: string; args?: Record<string, unknown> }) => { void this.onMessage(m); });
  }

  static show(context: vscode.ExtensionContext, tab: Tab): NvdbgPanel {
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    if (NvdbgPanel.current === undefined) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'nvdbg', vscode.ViewColumn.Beside, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [media] });
      NvdbgPanel.current = new NvdbgPanel(panel, media);
    } else NvdbgPanel.current.panel.reveal(undefined, true);
    NvdbgPanel.current.wantTab = tab;
    void NvdbgPanel.current.refresh(tab);
    return NvdbgPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext): void {
    NvdbgPanel.current = new NvdbgPanel(panel, vscode.Uri.joinPath(context.extensionUri, 'media'));
  }

  private session(): vscode.DebugSession | undefined {
    const s = vscode.debug.activeDebugSession;
    return s?.type === DEBUG_TYPE ? s : undefined;
  }

  /** Fetch what the views show from the adapter and hand it to the webview. */
  async refresh(tab?: Tab): Promise<void> {
    const s = this.session();
    let walks: AtWalksResponseBody['walks'] = [];
    let mmus: ShadowMmusResponseBody | undefined;
    if (s !== undefined) {
      try {
        walks = ((await s.customRequest('nvdbg/atWalks', { count: 32 })) as AtWalksResponseBody).walks;
        mmus = (await s.customRequest('nvdbg/shadowMmus', {})) as ShadowMmusResponseBody;
      } catch { /* the session is running or gone: keep the views empty */ }
    }
    const hex = vscode.workspace.getConfiguration('nvdbg').get<boolean>('hex', true);
    void this.panel.webview.postMessage({ type: 'refresh', walks, mmus, hex, ...(tab !== undefined ? { tab } : {}) });
  }

  private async onMessage(m: { type: string; key?: string; start?: number; purpose?: string; args?: Record<string, unknown> }): Promise<void> {
    const s = this.session();
    if (m.type === 'ready') { await this.refresh(this.wantTab); return; }
    if (s === undefined) { void this.panel.webview.postMessage({ type: m.type, key: m.key, body: 'no nvdbg debug session is active' }); return; }
    try {
      if (m.type === 'pageTable') {
        const body = (await s.customRequest('nvdbg/pageTable', m.args)) as PageTableResponseBody;
        void this.panel.webview.postMessage({ type: 'pageTable', key: m.key, start: m.start ?? 0, body });
      } else if (m.type === 'memory') {
        // 64 aligned bytes around the descriptor (readMemory accepts pa:/ipa:/va: references).
        const ref = String((m as { ref?: string }).ref ?? '');
        const pa = BigInt(ref.replace(/^pa:/, ''));
        const start = pa - (pa % 64n);
        const r = (await s.customRequest('readMemory', { memoryReference: `pa:0x${start.toString(16)}`, count: 64 })) as { address: string; data?: string };
        void this.panel.webview.postMessage({ type: 'memory', body: { ref, address: r.address, data: r.data ?? '', focus: Number(pa - start) } });
      } else if (m.type === 'translate') {
        const body = (await s.customRequest('nvdbg/translate', m.args)) as TranslateResponseBody;
        void this.panel.webview.postMessage({ type: 'translate', purpose: m.purpose, body });
      }
    } catch (e) {
      void this.panel.webview.postMessage({ type: m.type, key: m.key, body: (e as Error).message });
    }
  }

  private html(): string {
    const w = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = w.asWebviewUri(vscode.Uri.joinPath(this.media, 'webview.js'));
    const style = w.asWebviewUri(vscode.Uri.joinPath(this.media, 'webview.css'));
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${w.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${style}"><title>nvdbg</title></head>
<body><div id="root"></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
  }
}

export function registerViews(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nvdbg.showWalk', () => NvdbgPanel.show(context, 'walk')),
    vscode.commands.registerCommand('nvdbg.showPageTables', () => NvdbgPanel.show(context, 'tables')),
    vscode.commands.registerCommand('nvdbg.showShadowMmus', () => NvdbgPanel.show(context, 'mmus')),
    vscode.commands.registerCommand('nvdbg.translateAddress', () => NvdbgPanel.show(context, 'translate')),
    vscode.commands.registerCommand('nvdbg.toggleHex', async () => {
      // The nvdbg views; the Variables view has VS Code's own hex toggle (the adapter honours DAP value formatting).
      const cfg = vscode.workspace.getConfiguration('nvdbg');
      await cfg.update('hex', !cfg.get<boolean>('hex', true), vscode.ConfigurationTarget.Global);
      void NvdbgPanel.current?.refresh();
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) { NvdbgPanel.revive(panel, context); },
    }),
    // Refresh the views whenever an nvdbg session stops.
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string }) => {
          if (m.type === 'event' && m.event === 'stopped') void NvdbgPanel.current?.refresh();
        },
      }),
    }),
  );
}

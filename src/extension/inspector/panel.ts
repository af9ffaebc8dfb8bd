/**
 * The graph-inspector WebviewPanel: page with a strict nonce CSP, typed messages both ways (validated
 * on receipt), and the document it shows. It follows the active TS/JS editor; the controller in
 * index.ts decides when to re-render and trace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inspectorPage, makeNonce } from '../../core/graph/html';
import { assertNever, isFromWebview, type FromWebview, type PanelFix, type ToWebview, type TraceAction, type TraceState } from '../../core/protocol';
import type { TraceGraph } from '../../core/graph/model';

export const VIEW_TYPE = 'pathwise.inspector';

export interface PanelHandlers {
  onReady(): void;
  onRerun(): void;
  /** The status line's action button (pick an entry, re-run, trust the workspace). */
  onAction(action: TraceAction): void;
  /** "Show graph after fix" turned on: trace the fixed text. */
  onPreviewFix(id: string): void;
  onApplyFix(id: string): void;
  onDispose(): void;
  /** Estimators tab (src/extension/estimates.ts). */
  onEstimate?(samples: number, entry: string | null, args: Record<string, unknown>): void;
  onCancelEstimate?(): void;
  onExportChart?(format: 'svg' | 'png', name: string, content: string): void;
}

export class InspectorPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pending: ToWebview[] = [];
  /** The document the panel shows. */
  uri: vscode.Uri | null = null;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.OutputChannel,
    private readonly handlers: PanelHandlers,
  ) {
    const roots = [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
    panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'graph.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden webviews are destroyed (retainContextWhenHidden off); the page says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.post({ type: 'theme-changed' })),
    );
  }

  /** Options for `createWebviewPanel` (the serializer's restored panels get the same via the constructor). */
  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      enableFindWidget: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  /** Sends a graph (the file's current graph or trace) and its previewable fixes. */
  showGraph(uri: vscode.Uri, graph: TraceGraph, fixes: PanelFix[]): void {
    this.uri = uri;
    // Workspace-relative: five examples are called severed.ts.
    this.panel.title = `Graph: ${uri.scheme === 'untitled' ? path.basename(uri.path) : vscode.workspace.asRelativePath(uri, false)}`;
    this.post({ type: 'graph-json', json: JSON.stringify({ type: 'graph', file: uri.fsPath || uri.toString(), graph, fixes }) });
  }

  showState(trace: TraceState): void {
    this.post({ type: 'trace-state', trace });
  }

  highlightLine(line: number): void {
    this.post({ type: 'highlight-line', line });
  }

  /** Estimators tab: progress and reports. */
  showEstimate(m: Extract<ToWebview, { type: 'estimate-state' | 'estimates' }>): void {
    this.post(m);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Messages wait for the page's `ready` handshake; only the latest of each kind is kept. */
  private post(m: ToWebview): void {
    if (!this.ready) {
      this.pending = [...this.pending.filter((p) => p.type !== m.type), m];
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  private receive(m: unknown): void {
    if (!isFromWebview(m)) {
      this.output.appendLine(`[inspector] ignored a malformed message from the webview`);
      return;
    }
    this.handle(m);
  }

  private handle(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const p of this.pending) void this.panel.webview.postMessage(p);
        this.pending = [];
        this.handlers.onReady();
        return;
      case 'reveal':
        void this.reveal(m.line, m.column, m.endLine, m.endColumn);
        return;
      case 'apply-fix':
        this.handlers.onApplyFix(m.id);
        return;
      case 'rerun':
        this.handlers.onRerun();
        return;
      case 'action':
        this.handlers.onAction(m.action);
        return;
      case 'preview-fix':
        this.handlers.onPreviewFix(m.id);
        return;
      case 'export':
        void this.export(m.format, m.content);
        return;
      case 'estimate':
        this.handlers.onEstimate?.(m.samples, m.entry, m.args ?? {});
        return;
      case 'cancel-estimate':
        this.handlers.onCancelEstimate?.();
        return;
      case 'export-chart':
        this.handlers.onExportChart?.(m.format, m.name, m.content);
        return;
      default:
        assertNever(m);
    }
  }

  /** Opens the shown document beside the panel and selects the node's range (1-based in, 0-based out). */
  private async reveal(line: number, column: number, endLine: number, endColumn: number): Promise<void> {
    if (!this.uri) return;
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const clampLine = (l: number) => Math.min(Math.max(l - 1, 0), Math.max(doc.lineCount - 1, 0));
    const start = new vscode.Position(clampLine(line), Math.max(column - 1, 0));
    const end = new vscode.Position(clampLine(endLine), Math.max(endColumn - 1, 0));
    const range = doc.validateRange(new vscode.Range(start, end.isBefore(start) ? start : end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri!.toString());
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Saves an export with a save dialog (the webview never writes files). */
  private async export(format: 'svg' | 'mermaid' | 'json', content: string): Promise<void> {
    const ext = { svg: 'svg', mermaid: 'mmd', json: 'json' }[format];
    const base = this.uri ? path.basename(this.uri.fsPath || this.uri.path).replace(/\.[^.]+$/, '') : 'graph';
    const dir = this.uri && this.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(this.uri.fsPath)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: dir ? vscode.Uri.joinPath(dir, `${base}.graph.${ext}`) : undefined,
      filters: { [format.toUpperCase()]: [ext] },
      saveLabel: `Export ${format === 'mermaid' ? 'Mermaid' : format.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    void vscode.window.showInformationMessage(`Pathwise: graph exported to ${vscode.workspace.asRelativePath(target)}`);
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    return inspectorPage({ nonce: makeNonce(), cspSource: webview.cspSource, scriptUri: script.toString() });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.handlers.onDispose();
    this.panel.dispose();
  }
}

/**
 * The graph inspector's VS Code adapter: commands, CodeLens, panel restore, and the controller that
 * keeps the panel on the active TS/JS editor — static graph at once, re-rendered on edit (debounced),
 * traced on open/save/Re-run in trusted workspaces, cursor line highlighted, fixes previewed/applied.
 */
import * as vscode from 'vscode';
import type { TraceGraph } from '../../core/graph/model';
import type { PanelFix, TraceState } from '../../core/protocol';
import { GraphCodeLens } from './codelens';
import { InspectorPanel, VIEW_TYPE } from './panel';
import { Tracer, UNTRUSTED_REASON } from './trace';
import { EstimateRunner } from '../estimates';

export interface InspectorDeps {
  output: vscode.OutputChannel;
  /** Static graph of the document's current text and the fixes the panel can preview. */
  getAnalysis(doc: vscode.TextDocument): { graph: TraceGraph; fixes: PanelFix[] };
  applyFix(uri: vscode.Uri, fixId: string): Promise<void>;
  /** Optional: 1-based lines of the document's gradient findings (for the CodeLens); default: sample/host nodes of the graph. */
  findingLines?(doc: vscode.TextDocument): number[];
}

const LANGS = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const SELECTOR: vscode.DocumentSelector = [...LANGS].flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);
const NOT_TRACED_REASON = 'not traced yet: save, press Re-run or run "Pathwise: Trace Current File" to see values and gradients';
const isSource = (doc: vscode.TextDocument) => LANGS.has(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');

/** Registers the inspector's commands, CodeLens, serializer and listeners. Called once from `activate`. */
export function registerInspector(context: vscode.ExtensionContext, deps: InspectorDeps): void {
  const controller = new InspectorController(context, deps);
  const lenses = new GraphCodeLens((doc) => controller.lensLines(doc));
  context.subscriptions.push(
    controller,
    lenses,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.commands.registerCommand('pathwise.openInspector', (uri?: vscode.Uri) => controller.open(uri, false)),
    vscode.commands.registerCommand('pathwise.traceCurrentFile', (uri?: vscode.Uri) => controller.open(uri, true)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => controller.restore(panel, state),
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => e && isSource(e.document) && controller.follow(e.document)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (controller.shows(e.document)) controller.edited(e.document);
      if (isSource(e.document)) lenses.refresh();
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => controller.shows(doc) && controller.saved(doc)),
    vscode.window.onDidChangeTextEditorSelection((e) => controller.shows(e.textEditor.document) && controller.cursor(e.selections[0].active.line + 1)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller.retrace()),
  );
}

class InspectorController implements vscode.Disposable {
  private panel: InspectorPanel | null = null;
  private doc: vscode.TextDocument | null = null;
  private traced: { version: number; graph: TraceGraph } | null = null;
  private state: TraceState = { state: 'static' };
  private debounce: NodeJS.Timeout | undefined;
  private readonly tracer: Tracer;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: InspectorDeps,
  ) {
    this.tracer = new Tracer(context.extensionPath, deps.output);
    this.estimates = new EstimateRunner(context.extensionPath, deps.output);
  }

  private readonly estimates: EstimateRunner;

  /** Opens (or reveals) the panel on `uri` or the active editor; traces when asked or on first open. */
  async open(uri: vscode.Uri | undefined, trace: boolean): Promise<void> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !isSource(doc)) {
      void vscode.window.showInformationMessage('Pathwise: open a TypeScript or JavaScript file to see its gradient graph.');
      return;
    }
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Pathwise Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, InspectorPanel.options(this.context.extensionUri));
      this.attach(panel);
    } else {
      this.panel.panel.reveal(undefined, true);
    }
    const first = this.doc?.uri.toString() !== doc.uri.toString();
    this.follow(doc);
    if (trace || first || !this.traced) void this.retrace();
  }

  /** Restores a panel VS Code kept across a reload (its state holds the file it showed). */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.attach(panel);
    const file = typeof state === 'object' && state !== null && typeof (state as { file?: unknown }).file === 'string' ? (state as { file: string }).file : null;
    const active = vscode.window.activeTextEditor?.document;
    const doc = active && isSource(active) ? active : file ? await vscode.workspace.openTextDocument(vscode.Uri.file(file)).then((d) => d, () => null) : null;
    if (doc) this.follow(doc);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = new InspectorPanel(panel, this.context.extensionUri, this.deps.output, {
      onReady: () => this.render(),
      onRerun: () => void this.retrace(),
      onApplyFix: (id) => void this.applyFix(id),
      onDispose: () => {
        this.panel = null;
        this.tracer.cancel();
        this.estimates.cancel();
      },
      onEstimate: (samples, entry, args) => this.doc && void this.estimates.run(this.doc, { samples, entry, args }, (m) => this.panel?.showEstimate(m)),
      onCancelEstimate: () => this.estimates.cancel(),
      onExportChart: (format, name, content) => void this.estimates.exportChart(this.doc?.uri ?? null, format, name, content),
    });
  }

  shows(doc: vscode.TextDocument): boolean {
    return this.panel !== null && this.doc?.uri.toString() === doc.uri.toString();
  }

  /** The panel follows the active TS/JS editor. */
  follow(doc: vscode.TextDocument): void {
    if (!this.panel) return;
    if (this.doc?.uri.toString() !== doc.uri.toString()) {
      this.tracer.cancel();
      this.traced = null;
      // Switching editors never runs code by itself: the trace starts on save, Re-run or the trace command.
      this.state = { state: 'static', reason: vscode.workspace.isTrusted ? NOT_TRACED_REASON : UNTRUSTED_REASON };
    }
    this.doc = doc;
    this.render();
  }

  /** Edits re-render the static graph (debounced) and make the last trace stale. */
  edited(doc: vscode.TextDocument): void {
    this.tracer.cancel();
    if (this.traced && this.state.state !== 'static') this.setState({ state: 'stale' });
    clearTimeout(this.debounce);
    const ms = vscode.workspace.getConfiguration('pathwise', doc.uri).get<number>('debounceMs', 300);
    this.debounce = setTimeout(() => this.render(), ms);
  }

  saved(doc: vscode.TextDocument): void {
    this.doc = doc;
    void this.retrace();
  }

  cursor(line: number): void {
    this.panel?.highlightLine(line);
  }

  /** Traces the shown document (static graph + reason when the workspace is untrusted). */
  async retrace(): Promise<void> {
    const doc = this.doc;
    if (!doc || !this.panel) return;
    if (!vscode.workspace.isTrusted) {
      this.setState({ state: 'static', reason: UNTRUSTED_REASON });
      return;
    }
    const version = doc.version;
    this.setState({ state: 'running' });
    const out = await this.tracer.trace(doc);
    if (this.doc?.uri.toString() !== doc.uri.toString()) return; // switched files meanwhile
    if (doc.version !== version) {
      this.setState({ state: 'stale' }); // edited meanwhile: these values belong to older code
      return;
    }
    if (out.graph && out.graph.nodes.length > 0) this.traced = { version, graph: out.graph };
    this.state = out.state;
    this.render();
  }

  /** Sends the graph: the trace when there is one (stale or not), else the static graph. */
  private render(): void {
    const doc = this.doc;
    if (!doc || !this.panel) return;
    let analysis: { graph: TraceGraph; fixes: PanelFix[] };
    try {
      analysis = this.deps.getAnalysis(doc);
    } catch (err) {
      this.deps.output.appendLine(`[inspector] analysis failed: ${String((err as Error)?.message ?? err)}`);
      return;
    }
    const graph = this.traced?.graph ?? analysis.graph;
    this.panel.showGraph(doc.uri, graph, analysis.fixes);
    this.panel.showState(this.state);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === doc) this.panel.highlightLine(editor.selection.active.line + 1);
  }

  private setState(s: TraceState): void {
    this.state = s;
    this.panel?.showState(s);
  }

  private async applyFix(id: string): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      await this.deps.applyFix(doc.uri, id);
    } catch (err) {
      void vscode.window.showErrorMessage(`Pathwise: could not apply the fix: ${String((err as Error)?.message ?? err)}`);
    }
    this.render();
  }

  /** Lines the CodeLens marks: the analyzer's finding lines, or the sample/host/severed nodes of the graph. */
  lensLines(doc: vscode.TextDocument): number[] {
    if (this.deps.findingLines) return this.deps.findingLines(doc);
    try {
      const g = this.deps.getAnalysis(doc).graph;
      const cut = new Set(g.edges.filter((e) => e.kind === 'severed').map((e) => e.to));
      return g.nodes.filter((n) => n.loc && (cut.has(n.id) || n.kind === 'sample' || n.kind === 'host')).map((n) => n.loc!.line);
    } catch {
      return [];
    }
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.tracer.dispose();
    this.estimates.dispose();
    this.panel?.dispose();
  }
}

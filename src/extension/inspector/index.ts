/**
 * The graph inspector's VS Code adapter: commands, the "Trace" CodeLens, panel restore, and the
 * controller that keeps the panel on the active TS/JS editor — static graph at once, then (trusted
 * workspaces only) traced from the file's entry on open, on save and on Re-run; re-rendered on edit
 * (debounced), cursor line highlighted, fixes previewed (the fixed text traced too) and applied.
 */
import * as vscode from 'vscode';
import type { TraceGraph } from '../../core/graph/model';
import type { PanelFix, TraceAction, TraceState } from '../../core/protocol';
import { TraceCodeLens } from './codelens';
import { chooseEntry, rememberTarget, targetForEntry, targetOf, type EntriesSource } from './entry-choice';
import { pickCallableEntry } from '../../core/entries';
import { InspectorPanel, VIEW_TYPE } from './panel';
import { Tracer, UNTRUSTED_REASON, type TraceTarget } from './trace';

/** A previewable fix with the text it produces (the text stays in the extension; the panel gets the graph). */
export type InspectorFix = PanelFix & { afterText: string };
import { EstimateRunner } from '../estimates';

export interface InspectorDeps {
  output: vscode.OutputChannel;
  /** Static graph of the document's current text and the fixes the panel can preview. */
  getAnalysis(doc: vscode.TextDocument): { graph: TraceGraph; fixes: InspectorFix[] };
  applyFix(uri: vscode.Uri, fixId: string): Promise<void>;
  /** The document's gradient contexts as traceable entries (from the language server). */
  entries: EntriesSource;
}

const LANGS = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const SELECTOR: vscode.DocumentSelector = [...LANGS].flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);
const isSource = (doc: vscode.TextDocument) => LANGS.has(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');

/** Registers the inspector's commands, CodeLens, serializer and listeners. Called once from `activate`. */
export function registerInspector(context: vscode.ExtensionContext, deps: InspectorDeps): void {
  const controller = new InspectorController(context, deps);
  context.subscriptions.push(
    controller,
    vscode.languages.registerCodeLensProvider(SELECTOR, new TraceCodeLens(deps.entries)),
    vscode.commands.registerCommand('pathwise.openInspector', (uri?: vscode.Uri) => controller.open(uri, false)),
    vscode.commands.registerCommand('pathwise.traceCurrentFile', (uri?: vscode.Uri) => controller.open(uri, true)),
    vscode.commands.registerCommand('pathwise.traceEntry', (uri: vscode.Uri, name: string) => controller.traceEntry(uri, name)),
    vscode.commands.registerCommand('pathwise.pickTraceEntry', (uri?: vscode.Uri) => controller.pickEntry(uri)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => controller.restore(panel, state),
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => e && isSource(e.document) && controller.follow(e.document)),
    vscode.workspace.onDidChangeTextDocument((e) => controller.shows(e.document) && controller.edited(e.document)),
    vscode.workspace.onDidSaveTextDocument((doc) => controller.shows(doc) && controller.saved(doc)),
    vscode.window.onDidChangeTextEditorSelection((e) => controller.shows(e.textEditor.document) && controller.cursor(e.selections[0].active.line + 1)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller.retrace()),
  );
}

class InspectorController implements vscode.Disposable {
  private panel: InspectorPanel | null = null;
  private doc: vscode.TextDocument | null = null;
  private traced: { version: number; graph: TraceGraph; state: TraceState } | null = null;
  /** Traced graphs of fixed texts by fix id (ids carry the document version). */
  private previews = new Map<string, TraceGraph>();
  private fixes: InspectorFix[] = [];
  private state: TraceState = { state: 'static', reason: 'not traced yet' };
  private debounce: NodeJS.Timeout | undefined;
  private readonly tracer: Tracer;
  private readonly previewTracer: Tracer;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: InspectorDeps,
  ) {
    this.tracer = new Tracer(context.extensionPath, deps.output);
    this.previewTracer = new Tracer(context.extensionPath, deps.output);
    this.estimates = new EstimateRunner(context.extensionPath, deps.output);
  }

  private readonly estimates: EstimateRunner;

  /** Opens (or reveals) the panel on `uri` or the active editor; traces on first open of a file or when asked. */
  async open(uri: vscode.Uri | undefined, trace: boolean): Promise<vscode.TextDocument | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !isSource(doc)) {
      void vscode.window.showInformationMessage('Pathwise: open a TypeScript or JavaScript file to see its gradient graph.');
      return undefined;
    }
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Pathwise Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, InspectorPanel.options(this.context.extensionUri));
      this.attach(panel);
    } else {
      this.panel.panel.reveal(undefined, true);
    }
    const same = this.doc?.uri.toString() === doc.uri.toString();
    this.follow(doc);
    // follow() traces a newly shown file; an explicit request traces the shown one again.
    if (same && (trace || !this.traced)) void this.retrace();
    return doc;
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
      onAction: (action) => void this.act(action),
      onPreviewFix: (id) => void this.previewFix(id),
      onApplyFix: (id) => void this.applyFix(id),
      onDispose: () => {
        this.panel = null;
        this.doc = null;
        this.tracer.cancel();
        this.previewTracer.cancel();
        this.estimates.cancel();
      },
      onEstimate: (samples, entry, args) => void this.estimate(samples, entry, args),
      onCancelEstimate: () => this.estimates.cancel(),
      onExportChart: (format, name, content) => void this.estimates.exportChart(this.doc?.uri ?? null, format, name, content),
    });
  }

  shows(doc: vscode.TextDocument): boolean {
    return this.panel !== null && this.doc?.uri.toString() === doc.uri.toString();
  }

  /** The panel follows the active TS/JS editor: a newly shown file is drawn static at once, then traced from its entry. */
  follow(doc: vscode.TextDocument): void {
    if (!this.panel) return;
    const changed = this.doc?.uri.toString() !== doc.uri.toString();
    this.doc = doc;
    if (!changed) return this.render();
    this.tracer.cancel();
    this.previewTracer.cancel();
    this.traced = null;
    this.previews.clear();
    this.state = vscode.workspace.isTrusted ? { state: 'static', reason: 'not traced yet' } : { state: 'static', reason: UNTRUSTED_REASON, action: 'trust' };
    this.render();
    void this.retrace();
  }

  /** Edits re-render the static graph (debounced) and make the last trace stale. */
  edited(doc: vscode.TextDocument): void {
    this.tracer.cancel();
    this.previewTracer.cancel();
    if (this.state.state === 'traced' || this.state.state === 'tracing') {
      // An edit cancels a running trace: show the last trace as stale, or say how to trace the edited code.
      const last = this.traced?.state;
      this.setState(last?.state === 'traced' ? { ...last, stale: true } : { state: 'static', reason: 'edited since the last trace: save or press Re-run to trace again', action: 'rerun' });
    }
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

  /** Traces the shown document from its entry (static graph + reason when untrusted or when nothing runs by itself). */
  async retrace(): Promise<void> {
    const doc = this.doc;
    if (!doc || !this.panel) return;
    if (!vscode.workspace.isTrusted) return this.setState({ state: 'static', reason: UNTRUSTED_REASON, action: 'trust' });
    const t = await targetOf(this.context.workspaceState, doc, this.deps.entries);
    if (this.doc !== doc || !this.panel) return; // switched files while the entries were listed
    await this.run(doc, t.target, t.hint);
  }

  /**
   * The Estimators tab's Run: the entry the page names, else the one the panel traces (the same
   * choice as `pathwise trace` and `pathwise estimate`), with its arguments unless the page gave some.
   */
  private async estimate(samples: number, entry: string | null, args: Record<string, unknown> | undefined): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const given = args && Object.keys(args).length ? args : null;
    let o: { samples: number; entry: string | null; args: Record<string, unknown>; problem?: string } = { samples, entry, args: args ?? {} };
    if (entry === null) {
      const { target } = await targetOf(this.context.workspaceState, doc, this.deps.entries);
      // A trace that runs the module, or a Layer's call() (`Class.call`), still needs a function to call N times: the CLI's choice then.
      const pick = target.entry !== null && !target.entry.includes('.') ? { entry: target.entry, args: given ?? target.args } : pickCallableEntry(await this.deps.entries(doc), given ?? {});
      o = 'problem' in pick ? { ...o, problem: pick.problem } : { samples, entry: pick.entry, args: pick.args };
    }
    await this.estimates.run(doc, o, (m) => this.panel?.showEstimate(m));
  }

  /** The "Trace" CodeLens: trace that gradient context (asking for arguments it cannot do without). */
  async traceEntry(uri: vscode.Uri, name: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const entry = (await this.deps.entries(doc)).entries.find((e) => e.name === name);
    if (!entry) return void vscode.window.showWarningMessage(`Pathwise: ${name} is no longer a gradient context of this file.`);
    const target = await targetForEntry(this.context.workspaceState, doc, entry, this.deps.entries);
    if (!target) return;
    await this.runChosen(doc, target);
  }

  /** "Pick an entry…": choose the function to trace from the file's gradient contexts. */
  async pickEntry(uri?: vscode.Uri): Promise<void> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : this.doc ?? vscode.window.activeTextEditor?.document;
    if (!doc || !isSource(doc)) return;
    const target = await chooseEntry(this.context.workspaceState, doc, this.deps.entries);
    if (target) await this.runChosen(doc, target);
  }

  private async runChosen(doc: vscode.TextDocument, target: TraceTarget): Promise<void> {
    await rememberTarget(this.context.workspaceState, doc, target);
    if (!this.panel || !this.shows(doc)) {
      // Opening shows the file and traces it from the target just remembered.
      await this.open(doc.uri, false);
      return;
    }
    if (!vscode.workspace.isTrusted) return this.setState({ state: 'static', reason: UNTRUSTED_REASON, action: 'trust' });
    await this.run(doc, target);
  }

  private async run(doc: vscode.TextDocument, target: TraceTarget, hint?: string): Promise<void> {
    const version = doc.version;
    this.setState({ state: 'tracing', entry: target.entry ?? undefined });
    const out = await this.tracer.trace(doc, target);
    if (!out.state) return; // cancelled: a newer run or an edit replaced it
    if (this.doc?.uri.toString() !== doc.uri.toString()) return; // switched files meanwhile
    if (hint && out.state.state === 'no-gradient' && out.state.action === 'pick-entry') out.state = { ...out.state, reason: hint };
    this.state = doc.version !== version && out.state.state === 'traced' ? { ...out.state, stale: true } : out.state;
    if (out.graph && out.graph.nodes.length > 0) this.traced = { version, graph: out.graph, state: out.state };
    this.previews.clear();
    this.render();
  }

  /** Traces the text a fix would produce (same entry, same seed), so before and after compare number by number. */
  private async previewFix(id: string): Promise<void> {
    const doc = this.doc;
    const fix = this.fixes.find((f) => f.id === id);
    if (!doc || !fix || this.previews.has(id) || !vscode.workspace.isTrusted) return;
    const { target } = await targetOf(this.context.workspaceState, doc, this.deps.entries);
    const out = await this.previewTracer.trace(doc, target, fix.afterText);
    if (!out.graph || out.graph.nodes.length === 0 || !this.shows(doc)) return;
    this.previews.set(id, out.graph);
    this.render();
  }

  private async act(action: TraceAction): Promise<void> {
    switch (action) {
      case 'pick-entry':
        return this.pickEntry();
      case 'rerun':
        return this.retrace();
      case 'trust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
    }
  }

  /** Sends the graph: the trace when there is one (stale or not), else the static graph. */
  private render(): void {
    const doc = this.doc;
    if (!doc || !this.panel) return;
    let analysis: { graph: TraceGraph; fixes: InspectorFix[] };
    try {
      analysis = this.deps.getAnalysis(doc);
    } catch (err) {
      this.deps.output.appendLine(`[inspector] analysis failed: ${String((err as Error)?.message ?? err)}`);
      return;
    }
    this.fixes = analysis.fixes;
    const graph = this.traced?.graph ?? analysis.graph;
    const fixes: PanelFix[] = analysis.fixes.map(({ id, title, after }) => ({ id, title, after: this.previews.get(id) ?? after }));
    this.panel.showGraph(doc.uri, graph, fixes);
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

  dispose(): void {
    clearTimeout(this.debounce);
    this.tracer.dispose();
    this.previewTracer.dispose();
    this.estimates.dispose();
    this.panel?.dispose();
  }
}

/**
 * Publishes diagnostics: on open, while typing (debounced) or only on save, cleared on close;
 * everything re-analysed when settings, trust or a config file change. A newer refresh of a
 * document cancels the older one, and each publish re-checks the document version.
 */
import { CancellationTokenSource, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { notAnalysedDiagnostic, toDiagnostic, tooManyDiagnostic } from './convert';
import type { ServerSettings } from './settings';
import type { WorkspaceAnalysis } from './workspace-analysis';

/**
 * Most diagnostics published for one file. Receiving, converting and forwarding them happens on the
 * editor's side (VS Code's extension host) in one stretch: measured in the real-VS-Code Restricted
 * Mode test (80 KB file, 1,557 findings), 401 diagnostics blocked the host 47–84 ms (4 of 7 runs over
 * 50 ms), 201 blocked it 19–40 ms (5 runs). The rest are summed up in one information diagnostic
 * (`pathwise check` lists them all).
 */
export const MAX_DIAGNOSTICS = 200;

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, CancellationTokenSource>();

  constructor(
    private readonly connection: Connection,
    private readonly analysis: WorkspaceAnalysis,
    private readonly settingsFor: (uri: string) => Promise<ServerSettings>,
    private readonly log: (message: string) => void,
  ) {}

  /** A document was edited: re-analyse the affected files after the debounce, unless `run` is `onSave`. */
  async edited(uris: string[]): Promise<void> {
    for (const uri of uris) {
      const s = await this.settingsFor(uri);
      if (s.enable && s.run === 'onType') this.schedule(uri, s.debounceMs);
    }
  }

  /** Re-analyses these documents now. */
  refresh(uris: string[]): void {
    for (const uri of uris) void this.publish(uri);
  }

  /** Re-analyses every open document (settings, trust or a config file changed). */
  refreshAll(): void {
    this.analysis.invalidateAll();
    this.refresh(this.analysis.openDocuments().map((d) => d.uri));
  }

  /** A document was closed: stop its work and clear its diagnostics. */
  closed(uri: string): void {
    this.stop(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private schedule(uri: string, delay: number): void {
    this.stop(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, delay),
    );
  }

  private stop(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.running.get(uri)?.cancel();
    this.running.delete(uri);
  }

  private async publish(uri: string): Promise<void> {
    this.stop(uri);
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    try {
      const settings = await this.settingsFor(uri);
      if (!settings.enable) {
        await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const result = await this.analysis.analyze(uri, source.token);
      if (!result || source.token.isCancellationRequested) return;
      const diagnostics: Diagnostic[] = result.notAnalysed
        ? [notAnalysedDiagnostic(result.snapshot, result.notAnalysed)]
        : result.findings.slice(0, MAX_DIAGNOSTICS).map((f) => toDiagnostic(result.snapshot, f));
      const hidden = result.findings.length - MAX_DIAGNOSTICS;
      if (!result.notAnalysed && hidden > 0) diagnostics.push(tooManyDiagnostic(result.snapshot, hidden));
      if (result.notAnalysed) this.log(`${uri}: not analysed: ${result.notAnalysed}`);
      await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics });
    } catch (e) {
      this.log(`analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`);
    } finally {
      if (this.running.get(uri) === source) this.running.delete(uri);
      source.dispose();
    }
  }
}

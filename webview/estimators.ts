/**
 * The inspector's "Estimators" tab: a tab strip over the graph view, controls (entry, draws, Run,
 * Cancel, progress) and the report (estimators-view.ts). Messages: posts `estimate`,
 * `cancel-estimate` and `export-chart`; handles `estimate-state` and `estimates`.
 */
import type { EstimateState, ToWebview } from '../src/core/protocol';
import type { EstimateReport } from '../src/core/estimators/report';
import { inVsCode, post } from './host';
import { button, setEnabled, textField } from './ui';
import { renderReport } from './estimators-view';
import { formatCount } from '../src/core/graph/text';

/** The tab's handle for main.ts. */
export interface EstimatorsTab {
  handle(m: Extract<ToWebview, { type: 'estimate-state' | 'estimates' }>): void;
  /** Redraws the report (theme change). */
  redraw(): void;
}

const STYLES = `
.pw-tabs { display: flex; gap: 2px; padding: 0 12px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.pw-tab { background: none; border: none; color: inherit; padding: 6px 10px; cursor: pointer; font: inherit; border-bottom: 2px solid transparent; opacity: 0.8; }
.pw-tab[aria-selected="true"] { border-bottom-color: var(--vscode-focusBorder, #007fd4); opacity: 1; }
.pw-est { flex: 1; overflow: auto; padding: 12px; }
.pw-est-controls { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.pw-est-table-wrap table { border-collapse: collapse; } .pw-est-table-wrap td, .pw-est-table-wrap th { padding: 2px 10px; text-align: left; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.pw-est-charts { display: flex; flex-wrap: wrap; gap: 12px; }
.pw-est-figure { margin: 0; } .pw-est-export { display: flex; gap: 6px; }
.pw-est-summary { font-weight: 600; }
`;

/** Adds the tab strip before `graphBody` and the Estimators pane after it. */
export function mountEstimators(app: HTMLElement, graphBody: HTMLElement): EstimatorsTab {
  const style = document.createElement('style');
  style.textContent = STYLES;
  document.head.appendChild(style);
  const tabs = document.createElement('div');
  tabs.className = 'pw-tabs';
  tabs.setAttribute('role', 'tablist');
  const pane = document.createElement('div');
  pane.className = 'pw-est';
  pane.id = 'pw-estimators';
  pane.hidden = true;
  const tab = (label: string, id: string, show: () => void) => {
    const b = document.createElement('button');
    b.className = 'pw-tab';
    b.id = id;
    b.textContent = label;
    b.setAttribute('role', 'tab');
    b.addEventListener('click', show);
    return b;
  };
  const select = (estimators: boolean) => {
    graphTab.setAttribute('aria-selected', String(!estimators));
    estTab.setAttribute('aria-selected', String(estimators));
    graphBody.hidden = estimators;
    graphBody.style.display = estimators ? 'none' : '';
    pane.hidden = !estimators;
  };
  const graphTab = tab('Graph', 'pw-tab-graph', () => select(false));
  const estTab = tab('Estimators', 'pw-tab-estimators', () => select(true));
  tabs.append(graphTab, estTab);
  graphBody.before(tabs);
  graphBody.after(pane);
  select(false);

  let entry = '';
  let argsText = '';
  let samples = 1000;
  const entryField = textField('entry (default: the objective)', (v) => (entry = v.trim()), () => run(), 'pw-est-entry');
  const argsField = textField('arguments as JSON: {"mu": 0.5}', (v) => (argsText = v.trim()), () => run(), 'pw-est-args');
  const samplesField = textField('draws (1000)', (v) => (samples = Number(v) || 1000), () => run(), 'pw-est-samples');
  const runBtn = button('Run', () => run(), { id: 'pw-est-run', title: 'Draw N times with common random numbers and compare the estimators' });
  const cancelBtn = button('Cancel', () => post({ type: 'cancel-estimate' }), { secondary: true, id: 'pw-est-cancel' });
  const bar = document.createElement('progress');
  bar.id = 'pw-est-progress';
  bar.max = 1;
  bar.value = 0;
  const status = document.createElement('span');
  status.className = 'pw-muted';
  status.id = 'pw-est-status';
  const controls = document.createElement('div');
  controls.className = 'pw-est-controls';
  controls.append(entryField, argsField, samplesField, runBtn, cancelBtn, bar, status);
  const results = document.createElement('div');
  results.id = 'pw-est-results';
  results.textContent = inVsCode ? 'Run the estimator lab: the gradient as written, pathwise after the fix, and the score function (REINFORCE), over N noise draws.' : 'The estimator lab needs the VS Code panel (it runs your code).';
  pane.append(controls, results);
  setEnabled(cancelBtn, false);
  if (!inVsCode) setEnabled(runBtn, false);

  let report: EstimateReport | null = null;
  const exportChart = (format: 'svg' | 'png', name: string, content: string) => post({ type: 'export-chart', format, name, content });

  function run(): void {
    const n = Math.round(samples);
    if (!(n >= 2 && n <= 1_000_000)) {
      status.textContent = 'draws must be between 2 and 1,000,000';
      return;
    }
    let args: Record<string, unknown> = {};
    if (argsText) {
      try {
        args = JSON.parse(argsText) as Record<string, unknown>;
      } catch {
        args = null as never;
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        status.textContent = 'arguments must be a JSON object, e.g. {"mu": 0.5}';
        return;
      }
    }
    post({ type: 'estimate', samples: n, entry: /^[A-Za-z_$][\w$]*$/.test(entry) ? entry : null, args });
  }

  function setState(s: EstimateState): void {
    const running = s.state === 'running';
    setEnabled(runBtn, !running && inVsCode);
    setEnabled(cancelBtn, running);
    bar.value = running && s.total > 0 ? s.done / s.total : report ? 1 : 0;
    status.textContent = running ? `${formatCount(s.done)} / ${formatCount(s.total)} draws` : s.reason ?? '';
  }

  return {
    handle(m) {
      if (m.type === 'estimate-state') return setState(m.state);
      report = m.report;
      renderReport(results, m.report, exportChart);
    },
    redraw() {
      if (report) renderReport(results, report, exportChart);
    },
  };
}

/** The inspector's stylesheet, injected by the bundle (works in the panel and the standalone page alike). */
export const STYLES = `
:root { color-scheme: light dark; }
body { margin: 0; padding: 0; font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, CanvasText); background: var(--vscode-editor-background, Canvas); }
#app { display: flex; flex-direction: column; height: 100vh; }
.pw-toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 10px;
  border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.pw-toolbar { row-gap: 4px; }
.pw-toolbar .pw-sep { flex: 1; }
.pw-toolbar #pw-search { flex: 1 1 140px; min-width: 110px; max-width: 260px; }
.pw-file { font-weight: 600; min-width: 0; max-width: 40%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pw-status { white-space: nowrap; }
.pw-menu-wrap { position: relative; }
.pw-menu { position: absolute; right: 0; top: calc(100% + 2px); z-index: 5; display: flex; flex-direction: column; min-width: 150px; padding: 4px 0;
  background: var(--vscode-menu-background, var(--vscode-editorWidget-background, Canvas)); color: var(--vscode-menu-foreground, inherit);
  border: 1px solid var(--vscode-menu-border, var(--vscode-editorWidget-border, #8886)); border-radius: 4px; box-shadow: 0 2px 8px #0004; }
.pw-menu[hidden] { display: none; }
.pw-menu-item { font: inherit; color: inherit; background: none; border: 0; text-align: left; padding: 4px 12px; cursor: pointer; }
.pw-menu-item:hover, .pw-menu-item:focus { background: var(--vscode-menu-selectionBackground, var(--vscode-list-activeSelectionBackground, #0060c0)); color: var(--vscode-menu-selectionForeground, var(--vscode-list-activeSelectionForeground, #fff)); outline: none; }
.pw-menu-item:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); outline-offset: -1px; }
.pw-status { padding: 2px 8px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
.pw-status[data-state="tracing"] { color: var(--vscode-charts-blue, #3794ff); }
.pw-status[data-state="stale"] { color: var(--vscode-charts-yellow, #b58900); }
.pw-status[data-state="no-gradient"] { color: var(--vscode-errorForeground, #e5484d); }
.pw-status[data-state="traced"] { color: var(--vscode-charts-green, #2ea043); }
.pw-status[data-state="static"] { color: var(--vscode-descriptionForeground, #888); }
.pw-body { display: flex; flex: 1; min-height: 0; }
.pw-graph-wrap { flex: 1; min-width: 0; position: relative; display: flex; flex-direction: column; }
.pw-graph { flex: 1; min-height: 0; overflow: hidden; position: relative; cursor: grab; touch-action: none; outline: none; }
.pw-graph.pw-panning { cursor: grabbing; }
.pw-graph svg.pw-svg { width: 100%; height: 100%; display: block; user-select: none; }
.pw-zoombar { position: absolute; left: 8px; bottom: 8px; display: flex; gap: 2px; align-items: center; z-index: 2;
  background: var(--vscode-editor-background, Canvas); border-radius: 4px; padding: 2px; box-shadow: 0 0 0 1px var(--vscode-panel-border, #8884); }
.pw-zoombar vscode-button { min-width: 26px; }
.pw-zoom-text { min-width: 40px; text-align: center; font-size: 12px; font-variant-numeric: tabular-nums; }
.pw-minimap { position: absolute; right: 8px; bottom: 8px; width: 120px; height: 88px; z-index: 2; cursor: crosshair;
  background: var(--vscode-editor-background, Canvas); border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; opacity: .92; }
.pw-minimap[hidden], .pw-map-show[hidden] { display: none; }
.pw-minimap.pw-all-shown { visibility: hidden; }
.pw-mini-close { position: absolute; top: 1px; right: 1px; min-width: 18px; height: 18px; opacity: .85; }
.pw-map-show { position: absolute; right: 8px; bottom: 8px; z-index: 2; }
.pw-minimap svg { width: 100%; height: 100%; display: block; }
.pw-mini-box { fill: var(--vscode-descriptionForeground, #888); fill-opacity: .55; }
.pw-mini-frame { fill: none; stroke: var(--vscode-descriptionForeground, #888); stroke-width: 1; vector-effect: non-scaling-stroke; }
.pw-mini-view { fill: var(--vscode-focusBorder, #3794ff); fill-opacity: .12; stroke: var(--vscode-focusBorder, #3794ff); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
.pw-notice { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 6px 10px; font-size: 12px;
  border-left: 3px solid var(--vscode-charts-blue, #3794ff); background: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 8%, transparent); }
.pw-notice[data-tone="warn"] { border-color: var(--vscode-charts-yellow, #b58900); }
.pw-notice[hidden] { display: none; }
.pw-detail dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 8px; margin: 0 0 6px; font-size: 12px; }
.pw-detail dt { color: var(--vscode-descriptionForeground, #888); }
.pw-detail dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; max-height: 8em; overflow: auto; }
.pw-detail a, .pw-detail-actions a { color: var(--vscode-textLink-foreground, #3794ff); font-size: 12px; margin-right: 10px; }
.node.pw-selected rect { stroke: var(--vscode-focusBorder, #3794ff) !important; stroke-width: 3px !important; }
.pw-side { width: 360px; flex-shrink: 0; overflow: auto; padding: 8px 12px;
  border-left: 1px solid var(--vscode-panel-border, #8884); }
.pw-side h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; margin: 8px 0;
  color: var(--vscode-descriptionForeground, #888); }
.pw-table table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; table-layout: fixed; }
.pw-table td, .pw-table th { overflow: hidden; text-overflow: ellipsis; white-space: pre; }
.pw-table th:first-child { width: 27%; }
.pw-table th:last-child { width: 4.6em; }
.pw-table th, .pw-table td { text-align: right; padding: 3px 5px; border-bottom: 1px solid var(--vscode-panel-border, #8883); }
.pw-table th:first-child, .pw-table td:first-child { text-align: left; font-family: var(--vscode-editor-font-family, monospace); }
.pw-table td:first-child { white-space: normal; overflow-wrap: anywhere; }
.pw-bad { color: var(--vscode-errorForeground, #e5484d); font-weight: 600; white-space: nowrap; }
.pw-ok { color: var(--vscode-charts-green, #2ea043); }
.pw-row-bad td { background: color-mix(in srgb, var(--vscode-errorForeground, #e5484d) 12%, transparent); }
.pw-muted { color: var(--vscode-descriptionForeground, #888); }
.pw-message { margin: 6px 0; padding: 6px 8px; border-left: 3px solid var(--vscode-charts-yellow, #b58900); }
.pw-message.pw-error { border-color: var(--vscode-errorForeground, #e5484d); }
.pw-legend { list-style: none; padding: 0; margin: 0; font-size: 12px; }
.pw-legend li { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.pw-legend svg { flex-shrink: 0; }
@media (max-width: 720px) {
  .pw-body { flex-direction: column; overflow: auto; }
  .pw-graph-wrap { flex: none; height: max(320px, 64vh); }
  .pw-side { width: auto; border-left: none; border-top: 1px solid var(--vscode-panel-border, #8884); }
}
.pw-fixbar { display: flex; gap: 8px; align-items: center; padding: 6px 10px; flex-wrap: wrap;
  background: color-mix(in srgb, var(--vscode-charts-green, #2ea043) 10%, transparent); }
.pw-fixbar[hidden] { display: none; }
.node.pw-hl rect, .node.pw-hl polygon, .node.pw-hl circle, .node.pw-hl path {
  stroke: var(--vscode-charts-orange, #d18616) !important; stroke-width: 4px !important; }
.node.pw-hl { filter: drop-shadow(0 0 4px var(--vscode-charts-orange, #d18616)); }
.pw-message[hidden] { display: none; }
.pw-reason { margin: 4px 10px; font-size: 12px; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
#pw-action[hidden] { display: none; }
.node.pw-match rect, .node.pw-match polygon, .node.pw-match circle, .node.pw-match path {
  stroke: var(--vscode-focusBorder, #3794ff) !important; stroke-width: 3px !important; }
.pw-searching .node:not(.pw-match) { opacity: .35; }
.node { cursor: pointer; }
.cluster-label { cursor: pointer; }
.cluster-label:hover { text-decoration: underline; }
.pw-empty { padding: 24px; color: var(--vscode-descriptionForeground, #888); }

/* Outside VS Code (the standalone HTML page) the same variables come from the browser's colour scheme. */
body.pw-standalone { --vscode-editor-background: #ffffff; --vscode-editor-foreground: #1f2328; --vscode-foreground: #1f2328;
  --vscode-editorWidget-background: #f6f8fa; --vscode-editorWidget-border: #8c959f; --vscode-descriptionForeground: #57606a;
  --vscode-sideBar-background: #f0f3f6; --vscode-focusBorder: #0969da; --vscode-errorForeground: #cf222e; --vscode-panel-border: #d0d7de;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #1f2328; --vscode-input-border: #d0d7de;
  --vscode-checkbox-background: #ffffff; --vscode-checkbox-border: #8c959f; --vscode-checkbox-foreground: #1f2328;
  --vscode-button-background: #0969da; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #eaeef2;
  --vscode-button-secondaryForeground: #1f2328; --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #1f2328;
  --vscode-dropdown-border: #d0d7de; --vscode-font-family: system-ui, sans-serif; }
@media (prefers-color-scheme: dark) {
  body.pw-standalone { --vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4; --vscode-foreground: #d4d4d4;
    --vscode-editorWidget-background: #252526; --vscode-editorWidget-border: #6e7681; --vscode-descriptionForeground: #a0a0a0;
    --vscode-sideBar-background: #2a2d2e; --vscode-focusBorder: #3794ff; --vscode-errorForeground: #f48771; --vscode-panel-border: #3c3c3c;
    --vscode-input-background: #3c3c3c; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c;
    --vscode-checkbox-background: #3c3c3c; --vscode-checkbox-border: #6e7681; --vscode-checkbox-foreground: #cccccc;
    --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #3a3d41;
    --vscode-button-secondaryForeground: #cccccc; --vscode-dropdown-background: #3c3c3c; --vscode-dropdown-foreground: #cccccc;
    --vscode-dropdown-border: #3c3c3c; }
}
`;

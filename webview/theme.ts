/**
 * Mermaid's `base` theme fed from VS Code's `--vscode-*` CSS variables (as hex: mermaid's colour
 * maths needs hex), with light/dark fallbacks for the standalone HTML page outside VS Code.
 */

export interface Palette {
  background: string;
  foreground: string;
  nodeFill: string;
  border: string;
  muted: string;
  clusterFill: string;
  accent: string;
  error: string;
  dark: boolean;
  font: string;
}

const LIGHT: Palette = {
  background: '#ffffff', foreground: '#1f2328', nodeFill: '#f6f8fa', border: '#8c959f', muted: '#57606a',
  clusterFill: '#f0f3f6', accent: '#0969da', error: '#cf222e', dark: false, font: 'system-ui, sans-serif',
};
const DARK: Palette = {
  background: '#1e1e1e', foreground: '#d4d4d4', nodeFill: '#252526', border: '#6e7681', muted: '#a0a0a0',
  clusterFill: '#2a2d2e', accent: '#3794ff', error: '#f48771', dark: true, font: 'system-ui, sans-serif',
};

/** Reads the current VS Code theme (or the browser's colour scheme) into a palette. */
export function readPalette(): Palette {
  const body = document.body;
  const css = getComputedStyle(body);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const inVsCode = v('--vscode-editor-background') !== '';
  const cls = body.classList;
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'))
    ? true
    : cls.contains('vscode-light') || cls.contains('vscode-high-contrast-light')
      ? false
      : matchMedia('(prefers-color-scheme: dark)').matches;
  const base = dark ? DARK : LIGHT;
  if (!inVsCode) return base;
  const pick = (fallback: string, ...names: string[]) => {
    for (const n of names) {
      const hex = toHex(v(n));
      if (hex) return hex;
    }
    return fallback;
  };
  return {
    background: pick(base.background, '--vscode-editor-background'),
    foreground: pick(base.foreground, '--vscode-editor-foreground', '--vscode-foreground'),
    nodeFill: pick(base.nodeFill, '--vscode-editorWidget-background', '--vscode-sideBar-background'),
    border: pick(base.border, '--vscode-contrastBorder', '--vscode-editorWidget-border', '--vscode-widget-border', '--vscode-panel-border'),
    muted: pick(base.muted, '--vscode-descriptionForeground'),
    clusterFill: pick(base.clusterFill, '--vscode-sideBar-background', '--vscode-editorGroupHeader-tabsBackground'),
    accent: pick(base.accent, '--vscode-focusBorder', '--vscode-textLink-foreground'),
    error: pick(base.error, '--vscode-errorForeground'),
    dark,
    font: v('--vscode-font-family') || base.font,
  };
}

/** Mermaid `themeVariables` for the `base` theme. */
export function mermaidThemeVariables(p: Palette): Record<string, string | boolean> {
  return {
    darkMode: p.dark,
    background: p.background,
    fontFamily: p.font,
    fontSize: '13px',
    primaryColor: p.nodeFill,
    primaryTextColor: p.foreground,
    primaryBorderColor: p.border,
    secondaryColor: p.clusterFill,
    tertiaryColor: p.clusterFill,
    lineColor: p.foreground,
    textColor: p.foreground,
    nodeTextColor: p.foreground,
    clusterBkg: p.clusterFill,
    clusterBorder: p.border,
    titleColor: p.muted,
    edgeLabelBackground: p.background,
  };
}

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(...)` to `#rrggbb`; '' when it is not a colour we can read. */
export function toHex(c: string): string {
  const s = c.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) return `#${[...m[1]].map((x) => x + x).join('')}`;
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) return `#${m[1]}`;
  m = /^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(s);
  if (m) return `#${m.slice(1, 4).map((x) => Math.min(255, Number(x)).toString(16).padStart(2, '0')).join('')}`;
  return '';
}

/** Calls `onChange` when VS Code switches theme (it changes the body's class). */
export function watchTheme(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}

/**
 * The only module that touches the control library. Every button, checkbox, text field and dropdown
 * of the inspector is made here, so swapping the deprecated `@vscode/webview-ui-toolkit` for
 * `@vscode-elements/elements` is a change to this file alone.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the custom elements once (idempotent). */
export function registerControls(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeTextField(), vsCodeDropdown(), vsCodeOption());
}

/**
 * A button; `secondary` for everything but the one primary action, `icon` for a small borderless one
 * whose text is a symbol (its title is then also its accessible name).
 */
export function button(text: string, onClick: () => void, opts: { secondary?: boolean; icon?: boolean; title?: string; id?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = text;
  if (opts.secondary) b.setAttribute('appearance', 'secondary');
  if (opts.icon) b.setAttribute('appearance', 'icon');
  if (opts.title) b.title = opts.title;
  if (opts.icon && opts.title) b.setAttribute('aria-label', opts.title);
  if (opts.id) b.id = opts.id;
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

/** A checkbox with a label; `onChange` gets the new checked state. */
export function checkbox(text: string, onChange: (checked: boolean) => void, id?: string): HTMLElement & { checked: boolean } {
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.textContent = text;
  if (id) c.id = id;
  c.addEventListener('change', () => onChange(Boolean(c.checked)));
  return c;
}

/** A text field (search box); `onInput` fires on every keystroke, `onEnter` on Enter. */
export function textField(placeholder: string, onInput: (value: string) => void, onEnter: () => void, id?: string): HTMLElement {
  const t = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  t.setAttribute('placeholder', placeholder);
  if (id) t.id = id;
  t.addEventListener('input', () => onInput(String(t.value ?? '')));
  t.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') onEnter();
  });
  return t;
}

/** A dropdown of `[value, text]` options. */
export function dropdown(options: [string, string][], onChange: (value: string) => void, id?: string): HTMLElement {
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  if (id) d.id = id;
  for (const [value, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    d.appendChild(o);
  }
  d.addEventListener('change', () => onChange(String(d.value)));
  return d;
}

/** Enables or disables any control made here. */
export function setEnabled(el: HTMLElement, enabled: boolean): void {
  if (enabled) el.removeAttribute('disabled');
  else el.setAttribute('disabled', '');
}

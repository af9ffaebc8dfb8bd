/**
 * What sits on and above the graph pane besides the drawing: the notice line (status, warnings and
 * the ask-before-drawing question) and the zoom buttons.
 */
import type { Viewport } from './viewport';
import { button } from './ui';
import { div, span } from './dom';

/** The notice above the pane: one message at a time, announced to screen readers. */
export class Notice {
  readonly element: HTMLElement;

  constructor() {
    this.element = div('pw-notice');
    this.element.hidden = true;
    this.element.setAttribute('role', 'status');
  }

  /** Shows `text` (`warn`: something went wrong; `info`: work in progress). */
  say(text: string, tone: 'info' | 'warn'): void {
    this.element.replaceChildren(span('', text));
    this.element.dataset.tone = tone;
    this.element.hidden = false;
  }

  /** Asks a yes/cancel question; either answer hides the notice before its action runs. */
  ask(text: string, yes: string, onYes: () => void, onNo?: () => void): void {
    this.element.replaceChildren(
      span('', text),
      button(yes, () => { this.hide(); onYes(); }, { id: 'pw-ask-yes' }),
      button('Cancel', () => { this.hide(); onNo?.(); }, { secondary: true, id: 'pw-ask-no' }),
    );
    this.element.dataset.tone = 'ask';
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}

/**
 * The zoom buttons (bottom left of the pane): −, the scale, +, Fit and 100 % (`focus`: back to the
 * finding). `onZoom` of the viewport should call the returned `show` so the scale stays current.
 */
export function zoomBar(viewport: () => Viewport, focus: () => void): { element: HTMLElement; show: (k: number) => void } {
  const text = div('pw-zoom-text');
  const bar = div('pw-zoombar');
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Zoom');
  bar.append(
    button('−', () => viewport().zoomBy(1 / 1.25), { secondary: true, title: 'Zoom out', id: 'pw-zoom-out' }),
    text,
    button('+', () => viewport().zoomBy(1.25), { secondary: true, title: 'Zoom in', id: 'pw-zoom-in' }),
    button('Fit', () => viewport().fit(), { secondary: true, title: 'Show the whole graph', id: 'pw-zoom-fit' }),
    button('100%', focus, { secondary: true, title: 'Natural size, on the severed path', id: 'pw-zoom-100' }),
  );
  return { element: bar, show: (k) => { text.textContent = `${Math.round(k * 100)}%`; } };
}

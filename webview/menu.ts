/**
 * A small "more actions" menu for the toolbar: at the default editor split the panel is about 500 px
 * wide, and a row of text buttons wrapped to three rows there, pushing the graph down. Rarely used
 * actions (the exports) live behind one `⋯` button instead. Keyboard use follows the WAI-ARIA menu
 * button pattern: Enter, Space or ArrowDown opens it on the first item (ArrowUp: the last), arrows move, Home/End jump,
 * Escape closes it and gives the focus back to the button, Tab closes it and moves on. Labels are set
 * as text (never markup).
 */
import { button } from './ui';
import { div } from './dom';

/** One entry of the menu; `id` is kept on the item so tests and the host can find it. */
export interface MenuItem { label: string; run: () => void; id?: string; title?: string }

/** A menu button (`⋯`, labelled `label`) and its popup; returns the element to put in the toolbar. */
export function overflowMenu(label: string, items: MenuItem[], id = 'pw-more'): HTMLElement {
  const wrap = div('pw-menu-wrap');
  const popup = div('pw-menu');
  popup.id = `${id}-menu`;
  popup.setAttribute('role', 'menu');
  popup.setAttribute('aria-label', label);
  popup.hidden = true;
  const trigger = button('⋯', () => (popup.hidden ? openMenu(0) : closeMenu(true)), { secondary: true, title: label, id });
  trigger.setAttribute('aria-label', label);
  trigger.setAttribute('aria-haspopup', 'menu');
  trigger.setAttribute('aria-controls', popup.id);
  trigger.setAttribute('aria-expanded', 'false');
  const entries = items.map((it) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'pw-menu-item';
    b.setAttribute('role', 'menuitem');
    b.tabIndex = -1;
    b.textContent = it.label;
    if (it.id) b.id = it.id;
    if (it.title) b.title = it.title;
    b.addEventListener('click', () => {
      closeMenu(true);
      it.run();
    });
    return b;
  });
  popup.append(...entries);
  wrap.append(trigger, popup);

  function openMenu(at: number): void {
    popup.hidden = false;
    trigger.setAttribute('aria-expanded', 'true');
    entries[(at + entries.length) % entries.length]?.focus();
  }
  function closeMenu(refocus: boolean): void {
    if (popup.hidden) return;
    popup.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    if (refocus) trigger.focus();
  }
  trigger.addEventListener('keydown', (e) => {
    // Enter and Space click the button (it toggles); the arrows open it on the first or last item.
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      openMenu(0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openMenu(-1);
    }
  });
  popup.addEventListener('keydown', (e) => {
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 };
    if (e.key in move) {
      e.preventDefault();
      entries[(move[e.key] + entries.length) % entries.length].focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeMenu(true);
    } else if (e.key === 'Tab') closeMenu(false);
  });
  // A click anywhere else closes it, as menus do.
  document.addEventListener('pointerdown', (e) => {
    if (!wrap.contains(e.target as Node)) closeMenu(false);
  });
  return wrap;
}

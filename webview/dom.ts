/** Plain elements of the inspector page (controls come from ui.ts). Text is set as text, never as markup. */

/** A `<div>` with the given class. */
export function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

/** A `<span>` with the given class (none when empty) holding `text`. */
export function span(cls: string, text: string): HTMLElement {
  const s = document.createElement('span');
  if (cls) s.className = cls;
  s.textContent = text;
  return s;
}

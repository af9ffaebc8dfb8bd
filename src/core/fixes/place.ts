/**
 * Turns "declare these constants before the statement, replace the site with this text" into
 * text edits for each placement (block statement, arrow expression body, unbraced body, inline).
 */
import ts from 'typescript';
import type { TextEdit } from '../types';
import { indentUnit, newline, type Placement } from './locate';

/**
 * Edits that declare `decls` (full statements such as `const eps = …;`) just before the statement
 * using `site`, with its indentation, and replace `site` by `replacement`. With an `inline`
 * placement `decls` must be empty.
 */
export function declareAndReplace(sf: ts.SourceFile, site: ts.Node, placement: Placement, decls: string[], replacement: string): TextEdit[] {
  const siteStart = site.getStart(sf);
  const siteEnd = site.getEnd();
  const nl = newline(sf);
  const withSite = (n: ts.Node): string => {
    const s = n.getStart(sf);
    const t = n.getText(sf);
    return t.slice(0, siteStart - s) + replacement + t.slice(siteEnd - s);
  };
  switch (placement.kind) {
    case 'inline':
      if (decls.length > 0) throw new Error('inline placement cannot declare');
      return [{ start: siteStart, end: siteEnd, text: replacement }];
    case 'before': {
      // Keep a statement's leading comments attached to it: the declarations go above them.
      const comments = ts.getLeadingCommentRanges(sf.text, placement.stmt.getFullStart()) ?? [];
      const at = comments.length > 0 ? comments[0].pos : placement.stmt.getStart(sf);
      return [
        { start: at, end: at, text: decls.map((d) => `${d}${nl}${placement.indent}`).join('') },
        { start: siteStart, end: siteEnd, text: replacement },
      ];
    }
    case 'arrow': {
      const inner = placement.indent + indentUnit(sf);
      const body = placement.body;
      const lines = [...decls, `return ${withSite(body)};`].map((l) => `${inner}${l}${nl}`).join('');
      return [{ start: body.getStart(sf), end: body.getEnd(), text: `{${nl}${lines}${placement.indent}}` }];
    }
    case 'wrap': {
      const inner = placement.indent + indentUnit(sf);
      const lines = [...decls, withSite(placement.stmt)].map((l) => `${inner}${l}${nl}`).join('');
      return [{ start: placement.stmt.getStart(sf), end: placement.stmt.getEnd(), text: `{${nl}${lines}${placement.indent}}` }];
    }
  }
}

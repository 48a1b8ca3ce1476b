/**
 * A YAML configuration document whose problems can be told by line and column: the one parser behind the
 * registry and the users file (loaded from disk by runtime's readConfigFile).
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface LocatedYaml {
  /** The document as plain data; undefined for an empty document. */
  value: unknown;
  /** YAML syntax errors with their position; when there are any, `value` should not be used. */
  syntaxErrors: ({ message: string } & Partial<Position>)[];
  /**
   * Where a JSON-pointer path (`/sites/1/assets/3/kwp`) is written. A path the document lacks points at the
   * deepest part that exists (a missing key at its parent).
   */
  locate(path: string): Position | undefined;
}

export function parseLocatedYaml(text: string): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    return { message: `YAML syntax: ${e.message.split('\n')[0]}`, ...(pos ? { line: pos.line, column: pos.col } : {}) };
  });
  const locate = (path: string): Position | undefined => {
    const keys = path
      .split('/')
      .slice(1)
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
    let node: unknown = doc.contents;
    for (const key of keys) {
      let next: unknown;
      if (isMap(node)) next = node.get(key, true);
      else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
      if (next === undefined || next === null) break;
      node = next;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    const pos = lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  return { value: syntaxErrors.length ? undefined : (doc.toJS() ?? undefined), syntaxErrors, locate };
}

/** `file:line:column` when the place is known, else the file. */
export function placeIn(source: string, pos: Partial<Position> | undefined): string {
  return pos?.line ? `${source}:${pos.line}:${pos.column ?? 1}` : source;
}

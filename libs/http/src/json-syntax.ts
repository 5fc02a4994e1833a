/**
 * Where a JSON text stops being valid: the 0-based offset of the first character that cannot belong to it (the
 * text's length when it ends too early), or null when it is valid. JSON.parse knows this too, but its message
 * quotes the input around the error ("\"Jane Doe\" is not valid JSON"), and an error answer must never repeat
 * what was sent. Iterative (an explicit stack), so no nesting depth can overflow it. `topLevelContainer`: the
 * body parser's strict mode, which accepts only an object or an array at the top.
 */
export function jsonSyntaxErrorPosition(text: string, topLevelContainer = true): number | null {
  const containers: Array<'{' | '['> = [];
  let i = skipWhitespace(text, 0);
  if (topLevelContainer && text[i] !== '{' && text[i] !== '[') return i;
  // What the next token may be: a value, or (after one) a separator or closing bracket, or an object key.
  let expect: 'value' | 'value-or-close' | 'after-value' | 'key' | 'key-or-close' = 'value';
  for (;;) {
    i = skipWhitespace(text, i);
    const c = text[i];
    if (expect === 'after-value') {
      const top = containers[containers.length - 1];
      if (top === undefined) return i === text.length ? null : i;
      if (c === ',') {
        expect = top === '{' ? 'key' : 'value';
        i += 1;
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        containers.pop();
        i += 1;
      } else return i;
      continue;
    }
    if (c === undefined) return text.length;
    if (expect === 'key' || expect === 'key-or-close') {
      if (c === '}' && expect === 'key-or-close') {
        containers.pop();
        expect = 'after-value';
        i += 1;
        continue;
      }
      if (c !== '"') return i;
      const end = endOfString(text, i);
      if (end < 0) return -end - 1;
      i = skipWhitespace(text, end);
      if (text[i] !== ':') return i;
      i += 1;
      expect = 'value';
      continue;
    }
    if (expect === 'value-or-close' && c === ']') {
      containers.pop();
      expect = 'after-value';
      i += 1;
      continue;
    }
    if (c === '{' || c === '[') {
      containers.push(c);
      expect = c === '{' ? 'key-or-close' : 'value-or-close';
      i += 1;
      continue;
    }
    const end = endOfScalar(text, i);
    if (end < 0) return -end - 1;
    i = end;
    expect = 'after-value';
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i])) i += 1;
  return i;
}

/** The offset after a string, number or literal starting at `start`; `-(position + 1)` of an error. */
function endOfScalar(text: string, start: number): number {
  const c = text[start];
  if (c === '"') return endOfString(text, start);
  for (const literal of ['true', 'false', 'null']) {
    if (c === literal[0]) {
      for (let k = 1; k < literal.length; k += 1) if (text[start + k] !== literal[k]) return -(start + k) - 1;
      return start + literal.length;
    }
  }
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  if (!match || match[0].length === 0) return -start - 1;
  const end = start + match[0].length;
  // "1." or "1e": the number's own syntax is broken at its end.
  if (text[end] === '.' || text[end] === 'e' || text[end] === 'E') return -end - 1;
  return end;
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!HEX.test(text.slice(i + 2, i + 6))) return -(i + 1) - 1;
        i += 6;
      } else if (escape !== undefined && ESCAPES.has(escape)) i += 2;
      else return -(i + 1) - 1;
      continue;
    }
    if (c.charCodeAt(0) < 0x20) return -i - 1;
    i += 1;
  }
  return -text.length - 1;
}

/**
 * JSON.parse with the line and column of every value, so that a declaration file's problems
 * point at the value (`agents.json:12:7`). Accepts exactly what JSON.parse accepts. Pure.
 */

export interface Position {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

export interface PositionedJson {
  readonly value: unknown;
  /** Where the value at `path` starts (object keys and array indexes), if there is one. */
  positionOf(path: readonly (string | number)[]): Position | undefined;
}

export class JsonSyntaxError extends Error {
  constructor(readonly position: Position, message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJsonWithPositions(text: string): PositionedJson {
  const positions = new Map<string, Position>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (message: string): never => {
    throw new JsonSyntaxError(here(), message);
  };
  const skipSpace = () => {
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\n') {
        line++;
        lineStart = i + 1;
      } else if (ch !== ' ' && ch !== '\t' && ch !== '\r') {
        return;
      }
      i++;
    }
  };
  const key = (path: readonly (string | number)[]) => JSON.stringify(path);

  const value = (path: (string | number)[]): unknown => {
    skipSpace();
    positions.set(key(path), here());
    const ch = text[i];
    if (ch === '{') return object(path);
    if (ch === '[') return array(path);
    if (ch === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) return fail(i >= text.length ? 'the file ends where a value was expected' : `unexpected ${JSON.stringify(ch)} where a value was expected`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('a string is not closed on its line');
      i++;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return fail('a string has an invalid escape');
    }
  };
  const object = (path: (string | number)[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail('expected a property name in double quotes');
      const name = string();
      skipSpace();
      if (text[i] !== ':') fail(`expected ":" after "${name}"`);
      i++;
      out[name] = value([...path, name]);
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail('expected "," or "}"');
    }
  };
  const array = (path: (string | number)[]): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value([...path, out.length]));
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail('expected "," or "]"');
    }
  };

  const result = value([]);
  skipSpace();
  if (i < text.length) fail('unexpected text after the end of the JSON value');
  return { value: result, positionOf: (path) => positions.get(key(path)) };
}

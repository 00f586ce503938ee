/**
 * Reading and writing declaration files (JSON or CSV; declaration.ts has the vocabulary). Reading
 * checks every user with the one validator and reports each problem at its file, line and column;
 * nothing is returned unless the whole file is right. Pure: the caller reads and writes the file.
 */
import { CsvField, CsvSyntaxError, formatCsvRecord, parseCsv } from './csv';
import { CHANNEL_FIELDS, DeclaredChannel, DeclaredUser, USER_FIELDS, ValueKind, declaredToUserSpec } from './declaration';
import { JsonSyntaxError, Position, parseJsonWithPositions } from './json-positions';
import { describeUserRef, validateUser } from './validate';
import { CHANNELS, Channel } from './contract';

export type DeclarationFormat = 'json' | 'csv';

/** One problem in a declaration file, where it is. */
export interface FileIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A declaration file's users, each with the line it starts on. */
export interface DeclarationFileUsers {
  readonly users: readonly DeclaredUser[];
  readonly lines: readonly number[];
}

/** Thrown with every problem of the file, one per line of the message. */
export class DeclarationFileError extends Error {
  constructor(readonly issues: readonly FileIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`).join('\n'));
    this.name = 'DeclarationFileError';
  }
}

/** The format a file name says: `.json` or `.csv`. */
export function formatOfFile(file: string): DeclarationFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

/** The CSV columns: the user fields, then `<channel>.<field>` for each per-channel setting. */
export const CSV_COLUMNS: readonly string[] = [
  ...USER_FIELDS.map((f) => f.name),
  ...CHANNELS.flatMap((channel) => CHANNEL_FIELDS.filter((f) => (f.channels as readonly Channel[]).includes(channel)).map((f) => `${channel.toLowerCase()}.${f.name}`)),
];

/** Parses and validates; throws DeclarationFileError listing every problem. */
export function readDeclarationFile(file: string, text: string, format: DeclarationFormat): DeclarationFileUsers {
  const parsed = format === 'json' ? fromJson(file, text) : fromCsv(file, text);
  const issues = [...parsed.issues];
  const seen = new Map<string, number>();
  parsed.users.forEach((user, i) => {
    const line = parsed.lines[i];
    const spec = declaredToUserSpec(user);
    const { errors } = validateUser(spec, `line ${line}`);
    for (const e of errors) {
      const at = e.path === undefined ? undefined : parsed.positionOf(i, e.path);
      issues.push({ file, line: at?.line ?? line, column: at?.column ?? 1, message: e.message });
    }
    const name = spec.UserId !== undefined ? `id:${String(spec.UserId).toLowerCase()}` : `name:${String(spec.Username)}`;
    const first = seen.get(name);
    if (first !== undefined && (spec.UserId !== undefined || spec.Username !== undefined)) {
      issues.push({ file, line, column: 1, message: `${describeUserRef(spec)} is declared twice (also line ${first}); declare each user once.` });
    } else {
      seen.set(name, line);
    }
  });
  if (issues.length > 0) throw new DeclarationFileError(issues.sort((a, b) => a.line - b.line || a.column - b.column));
  return { users: parsed.users, lines: parsed.lines };
}

interface Parsed {
  readonly users: DeclaredUser[];
  readonly lines: number[];
  readonly issues: FileIssue[];
  /** Where user `index`'s setting at `path` (the validator's path) is. */
  positionOf(index: number, path: readonly (string | number)[]): Position | undefined;
}

const USER_KEYS = new Set<string>([...USER_FIELDS.map((f) => f.name), 'channels']);
const CHANNEL_KEYS = new Set<string>(['channel', 'autoAccept', 'afterContactWorkTimeLimit', ...CHANNEL_FIELDS.map((f) => f.name)]);
const TOP_KEYS = new Set(['users', 'instanceId', 'source']);

function fromJson(file: string, text: string): Parsed {
  const empty = (issue: FileIssue): Parsed => ({ users: [], lines: [], issues: [issue], positionOf: () => undefined });
  let json;
  try {
    json = parseJsonWithPositions(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return empty({ file, ...error.position, message: `not valid JSON: ${error.message}` });
  }
  const top = json.value as Record<string, unknown>;
  if (typeof top !== 'object' || top === null || Array.isArray(top) || !Array.isArray(top.users)) {
    return empty({ file, line: 1, column: 1, message: 'expected an object with a "users" array, e.g. {"users": [{"username": "alice", "autoAccept": true}]}.' });
  }
  const issues: FileIssue[] = [];
  const at = (path: (string | number)[]): Position => json.positionOf(path) ?? { line: 1, column: 1 };
  for (const k of Object.keys(top)) {
    if (!TOP_KEYS.has(k)) issues.push({ file, ...at([k]), message: `unknown key "${k}"; a declaration file has "users" (and optionally "instanceId" and "source").` });
  }
  const users: DeclaredUser[] = [];
  const lines: number[] = [];
  /** The array index of each kept user (entries that are not objects are reported and skipped). */
  const indexes: number[] = [];
  (top.users as unknown[]).forEach((u, i) => {
    const where = at(['users', i]);
    if (typeof u !== 'object' || u === null || Array.isArray(u)) {
      issues.push({ file, ...where, message: 'each user is an object, e.g. {"username": "alice", "autoAccept": true}.' });
      return;
    }
    const record = u as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      if (!USER_KEYS.has(k)) issues.push({ file, ...at(['users', i, k]), message: unknownSetting(k, [...USER_KEYS]) });
    }
    const channels = record.channels;
    if (channels !== undefined && !Array.isArray(channels)) {
      issues.push({ file, ...at(['users', i, 'channels']), message: '"channels" is a list of objects, e.g. [{"channel": "CHAT", "autoAccept": true}].' });
    }
    (Array.isArray(channels) ? channels : []).forEach((c, j) => {
      if (typeof c !== 'object' || c === null) return;
      for (const k of Object.keys(c)) {
        if (!CHANNEL_KEYS.has(k)) issues.push({ file, ...at(['users', i, 'channels', j, k]), message: unknownSetting(k, [...CHANNEL_KEYS]) });
      }
    });
    users.push(record as DeclaredUser);
    lines.push(where.line);
    indexes.push(i);
  });
  // The validator's paths are the file's own (user fields and channels[j].field).
  return { users, lines, issues, positionOf: (index, path) => json.positionOf(['users', indexes[index], ...path]) };
}

function fromCsv(file: string, text: string): Parsed {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { users: [], lines: [], issues: [{ file, line: error.line, column: error.column, message: `not valid CSV: ${error.message}` }], positionOf: () => undefined };
  }
  const issues: FileIssue[] = [];
  const [header, ...rows] = records;
  if (header === undefined) {
    return { users: [], lines: [], issues: [{ file, line: 1, column: 1, message: `the file is empty; the first line names the columns, e.g. ${CSV_COLUMNS.slice(0, 4).join(',')}.` }], positionOf: () => undefined };
  }
  const columns = header.fields.map((f) => f.value.trim());
  header.fields.forEach((f, c) => {
    if (!CSV_COLUMNS.includes(columns[c])) issues.push({ file, line: f.line, column: f.column, message: unknownSetting(columns[c], CSV_COLUMNS, 'column') });
    else if (columns.indexOf(columns[c]) !== c) issues.push({ file, line: f.line, column: f.column, message: `column "${columns[c]}" appears twice; keep one.` });
  });
  if (!columns.includes('username') && !columns.includes('userId')) {
    issues.push({ file, line: header.line, column: 1, message: 'no "username" or "userId" column; one of them names each agent.' });
  }
  const users: DeclaredUser[] = [];
  const lines: number[] = [];
  const cells: Map<string, CsvField>[] = [];
  for (const row of rows) {
    if (row.fields.length > columns.length) {
      const extra = row.fields[columns.length];
      issues.push({ file, line: extra.line, column: extra.column, message: `this line has ${row.fields.length} fields but the header names ${columns.length} columns.` });
    }
    const byColumn = new Map<string, CsvField>();
    const user: Record<string, unknown> = {};
    const channels = new Map<string, Record<string, unknown>>();
    columns.forEach((column, c) => {
      const field = row.fields[c];
      if (field === undefined || field.value.trim() === '') return;
      byColumn.set(column, field);
      const dot = column.indexOf('.');
      if (dot < 0) {
        const spec = USER_FIELDS.find((f) => f.name === column);
        if (spec) user[column] = cellValue(field.value, spec.kind);
        return;
      }
      const channel = column.slice(0, dot).toUpperCase();
      const name = column.slice(dot + 1);
      const spec = CHANNEL_FIELDS.find((f) => f.name === name);
      if (!spec) return;
      const entry = channels.get(channel) ?? { channel };
      entry[name] = cellValue(field.value, spec.kind);
      channels.set(channel, entry);
    });
    if (channels.size > 0) user.channels = [...channels.values()] as unknown as DeclaredChannel[];
    users.push(user as DeclaredUser);
    lines.push(row.line);
    cells.push(byColumn);
  }
  return {
    users,
    lines,
    issues,
    positionOf: (index, path) => {
      const user = users[index];
      if (path.length === 1) return cells[index].get(String(path[0]));
      const channel = user.channels?.[Number(path[1])]?.channel;
      return typeof channel === 'string' ? cells[index].get(`${channel.toLowerCase()}.${String(path[2])}`) : undefined;
    },
  };
}

/** A CSV cell as the value it stands for; anything else stays a string for the validator to name. */
function cellValue(text: string, kind: ValueKind): unknown {
  const value = text.trim();
  if (kind === 'boolean' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (kind === 'seconds' && /^\d+$/.test(value)) return Number(value);
  return value;
}

function unknownSetting(name: string, known: readonly string[], what = 'setting'): string {
  const near = known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? known.find((k) => distance(k.toLowerCase(), name.toLowerCase()) <= 2);
  return `unknown ${what} "${name}"${near ? `; did you mean "${near}"?` : `; the ${what}s are ${known.join(', ')}.`}`;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** What `export` writes: the file `readDeclarationFile` reads back as the same users. */
export function renderDeclarationFile(users: readonly DeclaredUser[], format: DeclarationFormat, meta: { instanceId: string; source: Record<string, unknown> }): string {
  if (format === 'json') return `${JSON.stringify({ instanceId: meta.instanceId, source: meta.source, users }, null, 2)}\n`;
  const rows = users.map((u) => CSV_COLUMNS.map((column) => {
    const dot = column.indexOf('.');
    const value = dot < 0
      ? (u as Record<string, unknown>)[column]
      : (u.channels?.find((c) => c.channel === column.slice(0, dot).toUpperCase()) as Record<string, unknown> | undefined)?.[column.slice(dot + 1)];
    return value === undefined ? '' : String(value);
  }));
  return `${[CSV_COLUMNS, ...rows].map(formatCsvRecord).join('\n')}\n`;
}

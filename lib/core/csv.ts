/**
 * CSV as RFC 4180 writes it (comma separated, fields with a comma, quote or line break in double
 * quotes, a quote doubled), read with the line and column of every field so that a declaration
 * file's problems point at the cell. Pure.
 */

export interface CsvField {
  readonly value: string;
  /** 1-based, where the field starts. */
  readonly line: number;
  readonly column: number;
}

export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly CsvField[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Every record, blank lines skipped; a byte-order mark and CRLF line ends are accepted. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  while (i < text.length) {
    const recordLine = line;
    const fields: CsvField[] = [];
    for (;;) {
      const column = i - lineStart + 1;
      const fieldLine = line;
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvSyntaxError(fieldLine, column, 'a quoted field is not closed; end it with "');
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += ch;
          i++;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, i - lineStart + 1, 'unexpected character after a closing quote; quote the whole field');
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw new CsvSyntaxError(line, i - lineStart + 1, 'a quote inside an unquoted field; quote the field and double the quote ("")');
          value += text[i++];
        }
      }
      fields.push({ value, line: fieldLine, column });
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    lineStart = i;
    const blank = fields.length === 1 && fields[0].value === '';
    if (!blank) records.push({ line: recordLine, fields });
  }
  return records;
}

/** One record; fields are quoted only when they must be. */
export function formatCsvRecord(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

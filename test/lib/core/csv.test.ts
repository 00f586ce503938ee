import { CsvSyntaxError, formatCsvRecord, parseCsv } from '../../../lib/core/csv';
import { thrownBy } from '../../fixtures/stacks';

describe('Function: parseCsv', () => {
  it('should read quoted fields, doubled quotes, CRLF, a byte-order mark and blank lines, with each field\'s position', () => {
    // Act
    const records = parseCsv('\ufeffa,"b,1"\r\n\r\n"say ""hi""",\n"two\nlines",x\n');

    // Assess
    expect(records.map((r) => r.fields.map((f) => f.value))).toEqual([['a', 'b,1'], ['say "hi"', ''], ['two\nlines', 'x']]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(records[0].fields[1]).toEqual({ value: 'b,1', line: 1, column: 3 });
    expect(records[2].fields[1]).toEqual({ value: 'x', line: 5, column: 8 });
  });

  it.each([
    ['"open', 1, 1, /not closed/],
    ['a,b"c', 1, 4, /a quote inside an unquoted field/],
    ['"a"b', 1, 4, /after a closing quote/],
  ])('should say where %s is malformed', (text, line, column, message) => {
    // Act
    const error = thrownBy(() => parseCsv(text));

    // Assess
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line, column, message: expect.stringMatching(message) });
  });
});

describe('Function: formatCsvRecord', () => {
  it('should quote only the fields that need it, so they read back as written', () => {
    // Prepare
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines', ''];

    // Act
    const line = formatCsvRecord(values);

    // Assess
    expect(line).toBe('plain,"with,comma","with ""quote""","two\nlines",');
    expect(parseCsv(line)[0].fields.map((f) => f.value)).toEqual(values);
  });
});

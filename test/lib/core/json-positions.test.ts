import { JsonSyntaxError, parseJsonWithPositions } from '../../../lib/core/json-positions';
import { thrownBy } from '../../fixtures/stacks';

describe('Function: parseJsonWithPositions', () => {
  it('should parse what JSON.parse parses and know where each value starts', () => {
    // Prepare
    const text = '{\n  "users": [\n    { "name": "a\\"b", "n": -1.5e2 },\n    true\n  ]\n}';

    // Act
    const json = parseJsonWithPositions(text);

    // Assess
    expect(json.value).toEqual(JSON.parse(text));
    expect(json.positionOf(['users'])).toEqual({ line: 2, column: 12 });
    expect(json.positionOf(['users', 0, 'n'])).toEqual({ line: 3, column: 28 });
    expect(json.positionOf(['users', 1])).toEqual({ line: 4, column: 5 });
    expect(json.positionOf(['missing'])).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 1, 9, /expected a property name/],
    ['{"a" 1}', 1, 6, /expected ":" after "a"/],
    ['[1 2]', 1, 4, /expected "," or "]"/],
    ['{"a": tru}', 1, 7, /unexpected "t" where a value was expected/],
    ['{"a": 1} x', 1, 10, /unexpected text after the end/],
    ['{"a": "b\n"}', 1, 9, /not closed on its line/],
  ])('should reject %j at its line and column', (text, line, column, message) => {
    // Act
    const error = thrownBy(() => parseJsonWithPositions(text));

    // Assess
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).position).toEqual({ line, column });
    expect((error as Error).message).toMatch(message);
  });
});

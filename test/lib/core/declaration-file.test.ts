import { CSV_COLUMNS, DeclarationFileError, readDeclarationFile, renderDeclarationFile } from '../../../lib/core/declaration-file';
import { DeclaredUser } from '../../../lib/core/declaration';

function problems(file: string, text: string): string[] {
  try {
    readDeclarationFile(file, text, file.endsWith('.csv') ? 'csv' : 'json');
  } catch (error) {
    if (error instanceof DeclarationFileError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('Function: readDeclarationFile', () => {
  it('should read a CSV file\'s cells as the values they stand for, empty cells undeclared', () => {
    // Act
    const { users, lines } = readDeclarationFile('agents.csv', 'username,autoAccept,afterContactWorkTimeLimit,chat.afterContactWorkTimeLimit\nalice,TRUE,30,\nbob,,,120\n', 'csv');

    // Assess
    expect(users).toEqual([
      { username: 'alice', autoAccept: true, afterContactWorkTimeLimit: 30 },
      { username: 'bob', channels: [{ channel: 'CHAT', afterContactWorkTimeLimit: 120 }] },
    ]);
    expect(lines).toEqual([2, 3]);
  });

  it('should report every problem of a CSV file at its line and column, all at once', () => {
    // Act
    const found = problems('agents.csv', [
      'username,autoAccept,afterContactWorkTimeLimit,chat.autoAcept',
      'alice,yes,30,',
      'bob,true,30.5,',
      'alice,false,10,',
      'bad name,true,10,',
    ].join('\n'));

    // Assess
    expect(found).toEqual([
      'agents.csv:1:47: unknown column "chat.autoAcept"; did you mean "chat.autoAccept"?',
      'agents.csv:2:7: `autoAccept` is "yes"; use true or false.',
      'agents.csv:3:10: `afterContactWorkTimeLimit` is "30.5" seconds; it must be a whole number of seconds from 0 to 2000000 (about 23 days), and 0 means unlimited. Use e.g. Duration.seconds(30).',
      'agents.csv:4:1: username alice is declared twice (also line 2); declare each user once.',
      expect.stringMatching(/^agents\.csv:5:1: `username` is "bad name"; a Connect username is 1 to 100 of the letters/),
    ]);
  });

  it('should report a JSON file\'s problems at the value, unknown keys included', () => {
    // Act
    const found = problems('agents.json', [
      '{ "users": [',
      '  { "username": "alice", "phoneType": "DESK" },',
      '  { "username": "bob", "channels": [{ "channel": "CHAT", "voiceEnhancementMode": "NONE" }] },',
      '  { "username": "carol", "autoAcept": true }',
      '] }',
    ].join('\n'));

    // Assess
    expect(found).toEqual([
      'agents.json:2:39: `phoneType` is "DESK"; use one of SOFT_PHONE, DESK_PHONE.',
      'agents.json:3:82: `voiceEnhancementMode` is declared for CHAT; Connect has it on the VOICE channel only. Move it to the VOICE entry.',
      'agents.json:4:1: declares no setting; declare at least one of `phoneType`, `autoAccept`, `afterContactWorkTimeLimit`, `deskPhoneNumber`, `persistentConnection` or `channels`.',
      'agents.json:4:39: unknown setting "autoAcept"; did you mean "autoAccept"?',
    ]);
  });

  it.each([
    ['agents.json', '{ "users": [ { "username": "alice" ', 'agents.json:1:36: not valid JSON: expected "," or "}"'],
    ['agents.json', '[ { "username": "alice" } ]', 'agents.json:1:1: expected an object with a "users" array, e.g. {"users": [{"username": "alice", "autoAccept": true}]}.'],
    ['agents.csv', 'username,autoAccept\n"alice,true\n', 'agents.csv:2:1: not valid CSV: a quoted field is not closed; end it with "'],
    ['agents.csv', 'autoAccept\ntrue\n', 'agents.csv:1:1: no "username" or "userId" column; one of them names each agent.'],
  ])('should say what is wrong with %s when it cannot be read', (file, text, expected) => {
    // Act / Assess
    expect(problems(file, text)).toContain(expected);
  });
});

describe('Function: renderDeclarationFile', () => {
  const users: DeclaredUser[] = [
    { username: 'alice', phoneType: 'SOFT_PHONE', autoAccept: true, afterContactWorkTimeLimit: 30, channels: [{ channel: 'VOICE', voiceEnhancementMode: 'NONE' }, { channel: 'CHAT', afterContactWorkTimeLimit: 60 }] },
    { username: 'o.brien-jr@example.com', deskPhoneNumber: '+15555550100', phoneType: 'DESK_PHONE' },
  ];

  it.each(['json', 'csv'] as const)('should write %s that reads back as the same users', (format) => {
    // Act
    const text = renderDeclarationFile(users, format, { instanceId: 'i', source: {} });

    // Assess
    expect(readDeclarationFile(`agents.${format}`, text, format).users).toEqual(users);
  });

  it('should write every CSV column, in the documented order', () => {
    // Act
    const [header] = renderDeclarationFile(users, 'csv', { instanceId: 'i', source: {} }).split('\n');

    // Assess
    expect(header.split(',')).toEqual([...CSV_COLUMNS]);
    expect(CSV_COLUMNS.slice(0, 7)).toEqual(['username', 'userId', 'phoneType', 'autoAccept', 'afterContactWorkTimeLimit', 'persistentConnection', 'deskPhoneNumber']);
  });
});

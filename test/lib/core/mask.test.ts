import { maskPhoneNumber, scrubPhoneNumbers } from '../../../lib/core/mask';
import { ACCOUNT, DESK_PHONE, INSTANCE_ARN } from '../../fixtures/events';

describe('Function: maskPhoneNumber', () => {
  it.each([
    ['+14155550123', '+*********23'],
    ['4155550123', '********23'],
    ['+12', '+12'],
    ['12', '**'],
    ['7', '*'],
    ['', ''],
  ])('should mask %p as %p keeping the plus and the last two digits', (input, expected) => {
    // Act / Assess
    expect(maskPhoneNumber(input)).toBe(expected);
  });
});

describe('Function: scrubPhoneNumbers', () => {
  it.each([
    [`InvalidParameterException: DeskPhoneNumber ${DESK_PHONE} is not valid`, 'InvalidParameterException: DeskPhoneNumber +*********23 is not valid'],
    ['call +1 (415) 555-0123 now', 'call +*********23 now'],
    ['desk 415.555.0123', 'desk ********23'],
    [`"${DESK_PHONE}"`, '"+*********23"'],
  ])('should mask the number in %p when it looks like a phone number', (input, expected) => {
    // Act / Assess
    expect(scrubPhoneNumbers(input)).toBe(expected);
  });

  it.each([
    '0b8d1e9c-7a1f-4c55-9a57-1f0b2f4c1d3e',
    'user id 12345678-abcd-4c55-9a57-1f0b2f4c1d3e',
    'user id abcdefab-1234-5678-abcd-1f0b2f4c1d3e',
    'user id abcdefab-abcd-4c55-9a57-123456789012 failed',
    '12345678-1234-1234-1234-123456789012',
    INSTANCE_ARN,
    `arn:aws:connect:us-east-1:${ACCOUNT}:instance/x/agent/y`,
    '2025-06-14T10:20:30.123Z',
    '{"timestamp":"2025-06-14T10:20:30.123Z"}',
    'ACW 30 -> 120, 2 changed of 1000',
  ])('should leave %p alone when it is a UUID, an ARN account id or a timestamp', (input) => {
    // Act / Assess
    expect(scrubPhoneNumbers(input)).toBe(input);
  });

  it('should mask a number next to a UUID when both are in one message', () => {
    // Act
    const text = scrubPhoneNumbers(`user 12345678-abcd-4c55-9a57-1f0b2f4c1d3e has desk ${DESK_PHONE}`);

    // Assess
    expect(text).toBe('user 12345678-abcd-4c55-9a57-1f0b2f4c1d3e has desk +*********23');
  });
});

/**
 * Phone numbers are personal data: every log line, error message and response shows them masked.
 */

/** Keeps a leading `+` and the last two digits: `+14155550123` → `+*********23`. */
export function maskPhoneNumber(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  const body = value.startsWith('+') ? value.slice(1) : value;
  const prefix = value.startsWith('+') ? '+' : '';
  return prefix + '*'.repeat(Math.max(body.length - 2, 0)) + body.slice(-2);
}

// Digit runs that could be phone numbers (7+ digits, optionally with +, spaces, dots, dashes or
// parentheses). User ids are UUIDs (hex groups of 4..12 separated by dashes) and are kept.
const PHONE_LIKE = /\+?\(?\d[\d\s().-]{5,}\d/g;
// Tried first at each position, so a UUID or an ISO timestamp (every log line has one) is kept whole
// even when one of its groups is all decimal digits (`12345678-abcd-...`, `2025-06-14T...`).
const KEEP = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/i;
const CANDIDATES = new RegExp(`${KEEP.source.slice(1)}|${PHONE_LIKE.source}`, 'gi');

/** Masks anything phone-like in free text, such as a service error message that echoes input. */
export function scrubPhoneNumbers(text: string): string {
  return text.replace(CANDIDATES, (match, offset: number, whole: string) => {
    if (KEEP.test(match)) return match;
    const digits = match.replace(/\D/g, '');
    if (digits.length < 7) return match;
    // Inside a UUID or an ARN account id the run is not a phone number.
    const before = whole.charAt(offset - 1);
    const after = whole.charAt(offset + match.length);
    if (/[0-9a-f]/i.test(before) || /[0-9a-f]/i.test(after) || before === ':' || after === ':') return match;
    return maskPhoneNumber(match.replace(/[\s().-]/g, ''));
  });
}

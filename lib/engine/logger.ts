/**
 * The handler's one logger: JSON lines with a level, a message and details, every string scrubbed
 * of phone numbers on the way out (details can carry service error messages that echo input).
 */
import { scrubPhoneNumbers } from '../core/mask';

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 } as const;
type Level = keyof typeof LEVELS;

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

export function createLogger(options: { level?: string; sink?: LogSink; context?: Record<string, unknown> } = {}): Logger {
  const threshold = LEVELS[(options.level?.toUpperCase() as Level) ?? 'INFO'] ?? LEVELS.INFO;
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + '\n'));
  const write = (level: Level, message: string, details?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const scrubbed = scrub({ level, message, ...options.context, ...details }) as Record<string, unknown>;
    sink(JSON.stringify({ ...scrubbed, timestamp: new Date().toISOString() }));
  };
  return {
    debug: (m, d) => write('DEBUG', m, d),
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
  };
}

/** Deep copy with phone-like strings masked; Errors become their name and message. */
export function scrub(value: unknown): unknown {
  if (typeof value === 'string') return scrubPhoneNumbers(value);
  if (value instanceof Error) return { name: value.name, message: scrubPhoneNumbers(value.message) };
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
  }
  return value;
}

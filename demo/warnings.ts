/**
 * The demo loads the handler bundle once per deployment, and each load of the SDK repeats its
 * Node version warning: show each distinct process warning once.
 */
export function showEachWarningOnce(): void {
  const seen = new Set<string>();
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const key = typeof warning === 'string' ? warning : `${warning.name}: ${warning.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

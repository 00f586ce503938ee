/**
 * `npm run soak -- --operations N --seed S [--declarations D] [--verbose]`: a long randomized
 * lifecycle run. Prints the operations run and every violation; exits 1 when there is any.
 */
import { runLifecycle } from './lifecycle-run';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const operations = flag('operations', 500);
  const seed = flag('seed', 1);
  const declarations = flag('declarations', 16);
  const verbose = process.argv.includes('--verbose');
  const started = Date.now();
  const report = await runLifecycle({ seed, operations, declarations, log: verbose ? (l) => console.error(l) : undefined });
  console.log(`operations: ${report.operations}, deploys: ${report.deploys}, rollbacks: ${report.rollbacks}, violations: ${report.violations.length} (seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s)`);
  for (const v of report.violations) console.log(`violation: ${v}`);
  process.exitCode = report.violations.length > 0 ? 1 : 0;
}

void main();

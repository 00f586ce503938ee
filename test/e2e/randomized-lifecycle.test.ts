/**
 * A small randomized lifecycle run (see test/randomized/lifecycle-run.ts) in every `npm test`;
 * `npm run soak -- --operations N --seed S` runs a large one. The seed is fixed, so a failure
 * here reproduces exactly; the violations name the step.
 */
import { runLifecycle } from '../randomized/lifecycle-run';

it('should leave no stack stuck and every user in its old or new configuration through a seeded random lifecycle of deploys, rollbacks, console edits, departures and faults', async () => {
  const report = await runLifecycle({ seed: 20261202, operations: 60, declarations: 6 });

  expect(report.violations).toEqual([]);
  // The run exercised what it is for: deploys, and rollbacks among them.
  expect(report.deploys).toBeGreaterThan(15);
  expect(report.rollbacks).toBeGreaterThan(0);
}, 600_000);

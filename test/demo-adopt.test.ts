/**
 * `npm run demo:adopt`, run in-process: export → declaration file → deploy → a new agent joins a
 * routing profile → the scheduled run corrects her.
 */
import { runAdoptDemo } from '../demo/adopt';

describe('demo: adopting a live contact centre', () => {
  it('should export, plan, deploy and correct a new agent on the scheduled run', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const steps = await runAdoptDemo((line) => lines.push(line));

    // Assess
    expect(steps.map((s) => [s.title, s.ok])).toEqual([
      ['export the support agents to a declaration file', true],
      ['plan: the exported agents are unchanged; the selector would set the sales agents', true],
      ['cdk deploy', true],
      ['a new agent joins the sales routing profile; the scheduled run brings her in line', true],
    ]);
    const output = lines.join('\n');
    expect(output).toContain('Exported 20 agents to');
    expect(output).toContain('* selectors[0] (routing profile rp-sales) matches 20 agents');
    expect(output).toContain('scheduled run: 41 users: 1 changed, 40 unchanged');
  });
});

/**
 * `npm run demo`, run in-process: the story completes, prints its three steps, and the redeploy
 * after a console edit writes that one agent only.
 */
import { DESK_PHONE_NUMBER } from '../demo/agents';
import { runDemo } from '../demo/main';

describe('demo', () => {
  it('should deploy, correct one console edit, destroy, and print every step', async () => {
    const lines: string[] = [];

    const result = await runDemo({ print: (line) => lines.push(line) });

    const output = lines.join('\n');
    expect(result.steps.map((s) => [s.title, s.status])).toEqual([
      ['cdk deploy (Create)', 'SUCCEEDED'],
      ['cdk deploy again (Update)', 'SUCCEEDED'],
      ['cdk destroy (Delete)', 'SUCCEEDED'],
    ]);
    expect(output).toContain('== 1. cdk deploy (Create) ==');
    expect(output).toContain('== 2. cdk deploy again (Update) ==');
    expect(output).toContain('== 3. cdk destroy (Delete) ==');
    expect(result.steps[0].written).toEqual(['amelia.hart', 'chen.wei', 'dana.kowalski', 'emeka.obi']);
    expect(result.steps[1].written).toEqual(['farah.haddad']);
    expect(result.steps[2].written).toEqual([]);
    expect(output).toContain('Summary: 5 users: 1 changed, 4 unchanged');
    expect(output).toContain('(no API calls)');
    // The desk phone shows masked, never in full.
    expect(output).toContain('+*********42');
    expect(output).not.toContain(DESK_PHONE_NUMBER);
    expect(output).not.toContain(DESK_PHONE_NUMBER.slice(1));
  });
});

/**
 * The README's Python example matches the Python bindings jsii-pacmak generated
 * (`npm run package` writes them to dist-bindings/python), and declares exactly what the README's
 * TypeScript example declares.
 *
 * No jsii kernel and no PyPI here: the example runs against the generated module with a stub
 * runtime (test/fixtures/python-stub-runtime), which checks keyword names, required arguments and
 * argument types as the generated code does and records each construct with its props. This test
 * rebuilds those constructs in TypeScript and compares the synthesized template with the one the
 * README's TypeScript example gives.
 */
import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as ts from 'typescript';
import * as lib from '../../lib';

const ROOT = path.resolve(__dirname, '../..');
const BINDINGS = path.join(ROOT, 'dist-bindings', 'python', 'src');
const RUNNER = path.join(ROOT, 'test', 'fixtures', 'python-stub-runtime', 'run_example.py');
const STACK = 'ContactCentreAgents';
const CONTEXT = { 'cdk-connect-phone-config:deploymentNonce': 'readme' };

/** A value as the stub runtime recorded it (jsii's wire form, in JSON). */
type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };
interface Created { fqn: string; scope?: string; id?: string; props: { [key: string]: Wire } }

function firstBlock(language: string): string {
  const markdown = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`^\`\`\`${language}(?: [^\\n]*)?\\n([\\s\\S]*?)^\`\`\``, 'm').exec(markdown);
  if (!block) throw new Error(`README.md has no \`\`\`${language} block`);
  return block[1];
}

function runPythonExample(code: string): Created[] {
  if (!fs.existsSync(path.join(BINDINGS, 'cdk_connect_phone_config', '__init__.py'))) {
    throw new Error(`no Python bindings in ${BINDINGS}: run \`npm run package\` first`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readme-python-')), 'example.py');
  fs.writeFileSync(file, code);
  return JSON.parse(execFileSync('python3', [RUNNER, BINDINGS, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The recorded value as the TypeScript API takes it: structs as objects, enums and durations as themselves. */
function fromWire(value: Wire): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== 'object') return value;
  if ('$struct' in value) return fromWire((value as { fields: Wire }).fields);
  if ('$enum' in value) {
    const { $enum, value: member } = value as { $enum: string; value: string };
    const enumType = (lib as unknown as Record<string, Record<string, string>>)[$enum.split('.')[1]];
    if (!enumType || !(member in enumType)) throw new Error(`unknown enum member ${$enum}.${member}`);
    return enumType[member];
  }
  if ('$duration' in value) {
    const { unit, amount } = (value as { $duration: { unit: 'seconds' | 'minutes' | 'hours'; amount: number } }).$duration;
    return cdk.Duration[unit](amount);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
}

/** Builds the recorded app with the TypeScript constructs. */
function replay(created: Created[], outdir: string): cdk.App {
  const app = new cdk.App({ outdir, context: CONTEXT });
  const scopes = new Map<string, import('constructs').Construct>([['', app]]);
  const constructs: Record<string, new (scope: import('constructs').Construct, id: string, props: never) => import('constructs').Construct> = {
    'aws-cdk-lib.Stack': cdk.Stack as never,
    'cdk-connect-phone-config.UserPhoneConfig': lib.UserPhoneConfig as never,
    'cdk-connect-phone-config.UserPhoneConfigFleet': lib.UserPhoneConfigFleet as never,
  };
  for (const c of created.filter((r) => r.fqn !== 'aws-cdk-lib.App')) {
    const type = constructs[c.fqn];
    const scope = scopes.get(c.scope!);
    if (!type || !scope) throw new Error(`cannot replay ${c.fqn} under '${c.scope}'`);
    const made = new type(scope, c.id!, fromWire(c.props) as never);
    scopes.set(made.node.path, made);
  }
  return app;
}

/** Runs the README's TypeScript block, `cdk-connect-phone-config` mapped to lib/, capturing its App. */
function runTypeScriptExample(code: string, outdir: string): cdk.App {
  const apps: cdk.App[] = [];
  class CapturedApp extends cdk.App {
    constructor(props: cdk.AppProps = {}) {
      super({ ...props, outdir, context: { ...props.context, ...CONTEXT }, autoSynth: false });
      apps.push(this);
    }
  }
  const cdkWithCapture = new Proxy(cdk, { get: (target, key) => (key === 'App' ? CapturedApp : target[key as keyof typeof cdk]) });
  const modules: Record<string, unknown> = { 'aws-cdk-lib': cdkWithCapture, 'cdk-connect-phone-config': lib };
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} };
  const requireFromHere = createRequire(__filename);
  new Function('require', 'module', 'exports', js)((id: string) => modules[id] ?? requireFromHere(id), module, module.exports);
  if (apps.length !== 1) throw new Error(`the TypeScript example made ${apps.length} apps`);
  return apps[0];
}

function templateOf(app: cdk.App): unknown {
  return app.synth().getStackByName(STACK).template;
}

describe('README Python example against the generated Python bindings', () => {
  it('should run against the generated module and declare what the TypeScript example declares', () => {
    // Prepare
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-templates-'));

    // Act
    const created = runPythonExample(firstBlock('python'));
    const fromPython = templateOf(replay(created, path.join(work, 'python')));
    const fromTypeScript = templateOf(runTypeScriptExample(firstBlock('ts'), path.join(work, 'ts')));

    // Assess
    expect(created.map((c) => c.fqn)).toEqual([
      'aws-cdk-lib.App',
      'aws-cdk-lib.Stack',
      'cdk-connect-phone-config.UserPhoneConfig',
      'cdk-connect-phone-config.UserPhoneConfigFleet',
    ]);
    expect(fromPython).toEqual(fromTypeScript);
  });

  it('should fail an example that misspells a keyword, as the real bindings would', () => {
    // Prepare
    const misspelled = firstBlock('python').replace('auto_accept=', 'auto_acept=');

    // Act / Assess
    expect(() => runPythonExample(misspelled)).toThrow(/unexpected keyword argument 'auto_acept'/);
  });

  it('should fail an example that passes a value of the wrong type', () => {
    // Prepare
    const wrongType = firstBlock('python').replace('auto_accept=True', 'auto_accept="yes"');

    // Act / Assess
    expect(() => runPythonExample(wrongType)).toThrow(/type of argument auto_accept must be typing.Optional\[bool\]; got str/);
  });
});

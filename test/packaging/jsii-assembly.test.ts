/**
 * The public API as jsii sees it (`.jsii`, written by `npm run build`): nothing exported that jsii
 * drops on its way to Python, Java, .NET and Go, and nothing that reads badly there.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

interface Assembly {
  name: string;
  dependencies?: Record<string, string>;
  targets: Record<string, unknown>;
  types: Record<string, { kind: string; name: string; datatype?: boolean; properties?: { name: string; immutable?: boolean }[] }>;
}

function assembly(): Assembly {
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) throw new Error('no .jsii assembly: run `npm run build` first');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every name lib/index.ts exports, types and values alike, as the TypeScript compiler sees them. */
function exportedNames(): string[] {
  const entry = path.join(ROOT, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((s) => s.name).sort();
}

describe('jsii assembly', () => {
  it('should carry every name the package exports (jsii drops constants, functions and type aliases silently)', () => {
    // Act
    const inAssembly = Object.values(assembly().types).map((t) => t.name).sort();

    // Assess
    expect(inAssembly).toEqual(exportedNames());
  });

  it('should have no union-typed member, and only readonly props in structs', () => {
    // Prepare
    const types = Object.values(assembly().types);

    // Act
    const unions = JSON.stringify(types).match(/"union"/g) ?? [];
    const mutable = types.filter((t) => t.datatype).flatMap((t) => (t.properties ?? []).filter((p) => !p.immutable).map((p) => `${t.name}.${p.name}`));

    // Assess
    expect(unions).toEqual([]);
    expect(mutable).toEqual([]);
  });

  it('should target Python, Java, .NET and Go, and depend on nothing but aws-cdk-lib and constructs', () => {
    // Prepare
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

    // Act
    const a = assembly();

    // Assess
    expect(Object.keys(a.targets).sort()).toEqual(['dotnet', 'go', 'java', 'js', 'python']);
    expect(Object.keys(a.dependencies ?? {}).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies).toEqual(a.dependencies);
  });
});

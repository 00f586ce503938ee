/**
 * `cdk-connect-phone-config/testing` sits behind its own entry point: none of its exported names
 * (values or types) is also a name of the constructs' entry point, so a user importing both never
 * meets two different `PhoneType`s.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function exportedNames(checker: ts.TypeChecker, program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(path.join(ROOT, file)) as ts.SourceFile;
  const symbol = checker.getSymbolAtLocation(source) as ts.Symbol;
  return checker.getExportsOfModule(symbol).map((s) => s.getName());
}

describe('entry points', () => {
  const files = ['lib/index.ts', 'lib/testing/index.ts'];
  const program = ts.createProgram(files.map((f) => path.join(ROOT, f)), { noEmit: true, skipLibCheck: true, esModuleInterop: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const constructs = exportedNames(checker, program, files[0]);
  const testing = exportedNames(checker, program, files[1]);

  it('should export PhoneType, ChannelSettings and VoiceEnhancementMode from the constructs', () => {
    expect(constructs).toEqual(expect.arrayContaining(['PhoneType', 'ChannelSettings', 'VoiceEnhancementMode']));
  });

  it('should share no export name between the testing entry point and the constructs', () => {
    expect(testing.length).toBeGreaterThan(10);
    expect(testing.filter((name) => constructs.includes(name))).toEqual([]);
  });
});

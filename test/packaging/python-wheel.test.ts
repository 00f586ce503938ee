/**
 * The Python package `npm run package` builds: generated sources always, a wheel where a Python
 * with setuptools and wheel is at hand (scripts/build-wheel.sh says which).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const PYTHON_SRC = path.join(ROOT, 'dist-bindings', 'python');
const WHEELS = path.join(ROOT, 'dist-bindings', 'wheels');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** The Python that scripts/build-wheel.sh would build with, if any. */
function wheelPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import setuptools, wheel']).status === 0);
}

/** `python -m zipfile -l` / `tarfile -l`: names in an archive, without an unzip tool. */
function listArchive(python: string, kind: 'zipfile' | 'tarfile', file: string): string {
  return execFileSync(python, ['-m', kind, '-l', file], { encoding: 'utf8' });
}

describe('Python package', () => {
  it('should generate the module, its typing marker and the npm tarball the jsii runtime loads', () => {
    // Act
    const module = path.join(PYTHON_SRC, 'src', 'cdk_connect_phone_config');

    // Assess
    expect(fs.readFileSync(path.join(module, '__init__.py'), 'utf8')).toMatch(/^class UserPhoneConfigFleet\(/m);
    expect(fs.existsSync(path.join(module, 'py.typed'))).toBe(true);
    expect(fs.existsSync(path.join(module, '_jsii', `cdk-connect-phone-config@${VERSION}.jsii.tgz`))).toBe(true);
    expect(fs.readFileSync(path.join(PYTHON_SRC, 'setup.py'), 'utf8')).toMatch(/aws-cdk-lib>=2\.224\.0, <3\.0\.0/);
  });

  it('should build a wheel whose npm tarball holds the prebuilt handler, where the build tools are installed', () => {
    // Prepare
    const python = wheelPython();
    if (!python) {
      // Nothing to build with: scripts/build-wheel.sh printed why, and the sources are the product.
      expect(fs.existsSync(WHEELS)).toBe(false);
      return;
    }
    const wheel = path.join(WHEELS, `cdk_connect_phone_config-${VERSION}-py3-none-any.whl`);

    // Act
    const files = listArchive(python, 'zipfile', wheel);
    const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'wheel-'));
    execFileSync(python, ['-m', 'zipfile', '-e', wheel, extracted]);
    const tarball = listArchive(python, 'tarfile', path.join(extracted, 'cdk_connect_phone_config', '_jsii', `cdk-connect-phone-config@${VERSION}.jsii.tgz`));

    // Assess
    expect(files).toMatch(/cdk_connect_phone_config\/__init__\.py/);
    expect(files).toMatch(new RegExp(`cdk_connect_phone_config-${VERSION.replace(/\./g, '\\.')}\\.dist-info/METADATA`));
    expect(tarball).toMatch(/package\/assets\/handler\/index\.js/);
    expect(tarball).toMatch(/package\/\.jsii/);
    expect(tarball).not.toMatch(/package\/dist\/engine\//);
  });
});

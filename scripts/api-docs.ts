/**
 * The API reference, generated from the jsii assembly (`.jsii`, written by `npm run build`) with
 * jsii-docgen: `API.md` in TypeScript, `API.python.md` in Python.
 *
 *   npm run docs                 rewrites both files
 *   npm run docs -- --out DIR    writes them to DIR instead
 *
 * test/packaging/api-docs.test.ts renders them into a temporary folder (in a process of its own:
 * jsii-rosetta loads its tablet with a dynamic import, which a jest VM refuses) and fails when the
 * checked-in files differ.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Documentation, Language } from 'jsii-docgen';

export const ROOT = path.resolve(__dirname, '..');

/** The languages documented, and the file each one's reference is checked in as. */
export const API_DOCS: ReadonlyArray<{ file: string; language: Language }> = [
  { file: 'API.md', language: Language.TYPESCRIPT },
  { file: 'API.python.md', language: Language.PYTHON },
];

/** File name → Markdown, rendered from the assembly in `root`. */
export async function renderApiDocs(root: string = ROOT): Promise<Record<string, string>> {
  const docs = await Documentation.forProject(root);
  const rendered: Record<string, string> = {};
  for (const { file, language } of API_DOCS) {
    rendered[file] = (await docs.toMarkdown({ language, readme: false, apiReference: true })).render();
  }
  return rendered;
}

if (require.main === module) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : ROOT;
  renderApiDocs().then((rendered) => {
    for (const [file, markdown] of Object.entries(rendered)) fs.writeFileSync(path.join(outDir, file), markdown);
    console.log(`wrote ${Object.keys(rendered).join(', ')}`);
  }).catch((e) => { console.error(e); process.exit(1); });
}

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceFiles, ROOT, SOURCE_DIRS } from './import-graph.ts';

/** One ```ts block of an `@example` JSDoc tag. */
export interface JsDocExample {
  /** Source file, relative to the repository root. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The code, without the comment's leading `*`. */
  code: string;
  /** Why the example is type-checked but not run (its first line, `// not run: …`), if it says so. */
  notRun?: string;
}

/** Every `@example` block fenced as ```ts in the package's sources. */
export function jsDocExamples(): JsDocExample[] {
  const out: JsDocExample[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const path of sourceFiles(join(ROOT, dir))) {
      if (!path.endsWith('.ts')) continue;
      const lines = readFileSync(path, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
        const open = lines.findIndex((l, j) => j > i && /^\s*\*\s*```/.test(l));
        if (open < 0 || !/```ts\s*$/.test(lines[open]!)) continue; // ```sh / ```text blocks are not code to run
        const close = lines.findIndex((l, j) => j > open && /^\s*\*\s*```\s*$/.test(l));
        const code = lines.slice(open + 1, close).map((l) => l.replace(/^\s*\*( |$)/, '')).join('\n');
        const notRun = /^\/\/ not run: (.*)$/m.exec(code.split('\n')[0] ?? '')?.[1];
        out.push({ file: relative(ROOT, path), line: i + 1, code, ...(notRun ? { notRun } : {}) });
      }
    }
  }
  return out;
}

/** The package's entry point, which `import … from 'edgellm-gym'` means. */
export const PACKAGE_ENTRY = join(ROOT, 'src', 'index.ts');

/** The sources of the package's subpath exports (`edgellm-gym/agents`, …), as package.json maps them for users. */
const SUBPATH_ENTRIES: Record<string, string> = {
  'edgellm-gym/envs': join(ROOT, 'envs', 'index.ts'),
  'edgellm-gym/agents': join(ROOT, 'agents', 'index.ts'),
  'edgellm-gym/bridge': join(ROOT, 'bridge', 'index.ts'),
};

/**
 * The example as a module in `dir`: its own imports rewritten to absolute paths (relative ones against the
 * source file, `'edgellm-gym'` to the package entry), `extraImports` added, and its statements in an
 * exported `run()` so the test decides when it runs.
 */
export function exampleModule(example: JsDocExample, extraImports: string[]): string {
  const base = dirname(join(ROOT, example.file));
  const imports: string[] = [];
  const body: string[] = [];
  for (const line of example.code.split('\n')) {
    const m = /^import\s+(.*?)\s*['"]([^'"]+)['"];?\s*(\/\/.*)?$/.exec(line);
    if (m === null) {
      // a module named relative to the documented file
      body.push(line.replace(/new URL\((['"])(\.[^'"]+)\1, import\.meta\.url\)/g, (_, _q, rel: string) => `new URL(${JSON.stringify(pathToFileURL(resolve(base, rel)).href)})`));
      continue;
    }
    const spec = m[2] === 'edgellm-gym' ? PACKAGE_ENTRY : SUBPATH_ENTRIES[m[2]!] ?? (m[2]!.startsWith('.') ? resolve(base, m[2]!) : m[2]!);
    imports.push(`import ${m[1]} ${JSON.stringify(spec)};`);
  }
  return [...imports, ...extraImports, 'export async function run(): Promise<void> {', ...body, '}', ''].join('\n');
}

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from './import-graph.ts';
import { exampleModule, jsDocExamples, PACKAGE_ENTRY } from './jsdoc-examples.ts';

/**
 * The `@example` blocks of the sources are code: each one is written out as a module, type-checked with the
 * project's compiler options against the package, and run. Names an example uses without importing come
 * from the module it documents or from the package entry point, as a reader would import them. Examples
 * that need what a test cannot give (a server listening on a fixed port, minutes of work) say so on their
 * first line (`// not run: …`) and are type-checked only.
 */
const examples = jsDocExamples();

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, typeRoots: [join(ROOT, 'node_modules', '@types')] };
}

/** Names that `file` exports (its own and re-exported), from the checker. */
function exportsOf(program: ts.Program, file: string): Set<string> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  return new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()) : []);
}

/** Whether export `name` of `file` has a value (class, function, constant) or is a type only. */
function exportKind(program: ts.Program, file: string, name: string): 'value' | 'type' {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  let symbol = checker.getExportsOfModule(module).find((s) => s.getName() === name)!;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol.flags & ts.SymbolFlags.Value ? 'value' : 'type';
}

const format = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, '\n');

describe('JSDoc @example blocks', function () {
  this.timeout(300_000);
  let dir: string;
  let files: string[] = [];
  const problems = new Map<number, string[]>();

  before(() => {
    // inside the repository, so that the examples resolve the package's dependencies as its modules do
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'jsdoc-examples-'));
    files = examples.map((_, i) => join(dir, `example-${i}.mts`));
    const options = compilerOptions();
    // Pass 1: compile as written, to learn which names each example uses without importing.
    examples.forEach((ex, i) => writeFileSync(files[i]!, exampleModule(ex, [])));
    const first = ts.createProgram([...files, PACKAGE_ENTRY, ...examples.map((e) => join(ROOT, e.file))], options);
    const fromPackage = exportsOf(first, PACKAGE_ENTRY);
    // Pass 2: import those names from the documented module, else from the package.
    examples.forEach((ex, i) => {
      const own = exportsOf(first, join(ROOT, ex.file));
      // 2304: cannot find name; 2693: only a type (a global type such as Generator) used as a value
      const missing = new Set(
        ts
          .getPreEmitDiagnostics(first, first.getSourceFile(files[i]!))
          .filter((d) => d.code === 2304 || d.code === 2693)
          .map((d) => /'([^']+)'/.exec(format(d))![1]!),
      );
      const extra: string[] = [];
      for (const name of missing) {
        const from = own.has(name) ? join(ROOT, ex.file) : fromPackage.has(name) ? PACKAGE_ENTRY : null;
        if (from === null) continue;
        const kind = exportKind(first, from, name);
        extra.push(`import ${kind === 'type' ? 'type ' : ''}{ ${name} } from ${JSON.stringify(from)};`);
      }
      writeFileSync(files[i]!, exampleModule(ex, extra));
    });
    const second = ts.createProgram(files, options);
    files.forEach((f, i) => {
      const diags = ts.getPreEmitDiagnostics(second, second.getSourceFile(f)).filter((d) => d.file?.fileName === f);
      if (diags.length > 0) problems.set(i, diags.map(format));
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('there are examples to check', () => assert.ok(examples.length > 50, `${examples.length}`));

  examples.forEach((ex, i) => {
    it(`${ex.file}:${ex.line} type-checks${ex.notRun ? '' : ' and runs'}`, async () => {
      assert.deepEqual(problems.get(i) ?? [], [], `the example at ${ex.file}:${ex.line}:\n${ex.code}`);
      if (ex.notRun) return;
      const log = console.log;
      console.log = () => {};
      try {
        const mod = (await import(pathToFileURL(files[i]!).href)) as { run: () => Promise<void> };
        await mod.run();
      } finally {
        console.log = log;
      }
    });
  });
});

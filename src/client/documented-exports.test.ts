import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const entry = fileURLToPath(new URL("index.ts", import.meta.url));

/** Whether the declaration's TSDoc has an `@example`. */
function hasExample(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  return symbol.getJsDocTags(checker).some((tag) => tag.name === "example");
}

test("every symbol `stemedb/client` exports, and every public method, is documented with an example", () => {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  assert.ok(source !== undefined);
  const module = checker.getSymbolAtLocation(source);
  assert.ok(module !== undefined);

  const undocumented: string[] = [];
  const exported = checker.getExportsOfModule(module);
  for (const symbol of exported) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!hasExample(target, checker)) undocumented.push(symbol.name);
    if (!(target.flags & ts.SymbolFlags.Class)) continue;
    const members = [
      ...checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(target)),
      ...[...(target.exports?.values() ?? [])].filter((s) => s.flags & ts.SymbolFlags.Method),
    ];
    for (const member of members) {
      const isMethod = (member.flags & ts.SymbolFlags.Method) !== 0;
      const isPrivate = member.name.startsWith("#") || member.name === "prototype";
      if (isMethod && !isPrivate && !hasExample(member, checker))
        undocumented.push(`${symbol.name}.${member.name}`);
    }
  }
  assert.ok(exported.length > 50, `the SDK's exports were found (${exported.length})`);
  assert.deepEqual(undocumented, [], "exports without an @example in their TSDoc");
});

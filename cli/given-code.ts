// Given code guarded: a starter (lessons/NN-slug/) must offer the learner exactly what its
// reference (solutions/NN-slug/) offers. Per lesson file:
//
//   - a starter file without `NotImplemented` is given code: byte-identical to the reference;
//   - any other starter file has the same exports, each with the same declared signature (the
//     text of its declaration without bodies) and the same doc comment, class members included.
//
// Bodies, private members and non-exported helpers may differ: that is the learner's work.
// Read with the TypeScript parser (no type-check), so it is fast and works on broken starters.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One exported name (or `Class.member`) as the learner sees it. */
export interface ExportShape {
  readonly signature: string;
  readonly doc: string;
}

/** The file a learner writes for a review exercise, inside their lesson folder. */
const REVIEW_TEST_FILE = 'review.test.ts';

/** Every difference between the starter folder and the reference folder, in words (none: []). */
export function givenCodeProblems(starterDir: string, referenceDir: string): string[] {
  const problems: string[] = [];
  // review.test.ts is the learner's own review exercise (`course review NN`), not given code.
  const tsFiles = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ts') && f !== REVIEW_TEST_FILE)
          .sort()
      : [];
  const starterFiles = new Set(tsFiles(starterDir));
  for (const file of tsFiles(referenceDir)) {
    if (!starterFiles.delete(file)) {
      problems.push(`${file}: the reference has it, the starter does not.`);
      continue;
    }
    const starter = readFileSync(path.join(starterDir, file), 'utf8');
    const reference = readFileSync(path.join(referenceDir, file), 'utf8');
    if (!starter.includes('NotImplemented')) {
      if (starter !== reference) {
        const where = firstDifference(starter, reference);
        problems.push(
          `${file}: given code (no NotImplemented in the starter) differs from the reference ${where}; copy the reference's file over the starter's.`,
        );
      }
      continue;
    }
    problems.push(...surfaceProblems(file, exportSurface(file, starter), exportSurface(file, reference)));
  }
  for (const extra of starterFiles) problems.push(`${extra}: the starter has it, the reference does not.`);
  return problems;
}

function surfaceProblems(
  file: string,
  starter: Map<string, ExportShape>,
  reference: Map<string, ExportShape>,
): string[] {
  const problems: string[] = [];
  for (const [name, ref] of reference) {
    const own = starter.get(name);
    if (!own) problems.push(`${file}: the starter lacks \`${name}\`, which the reference exports.`);
    else {
      if (own.signature !== ref.signature) {
        problems.push(
          `${file}: \`${name}\` is declared differently.\n  starter:   ${own.signature}\n  reference: ${ref.signature}`,
        );
      }
      if (own.doc !== ref.doc) {
        problems.push(
          `${file}: the doc comment of \`${name}\` differs.\n  starter:   ${own.doc || '(none)'}\n  reference: ${ref.doc || '(none)'}`,
        );
      }
    }
  }
  for (const name of starter.keys()) {
    if (!reference.has(name)) problems.push(`${file}: the starter exports \`${name}\`, which the reference does not.`);
  }
  return problems;
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `at line ${at + 1} (starter: ${JSON.stringify(left[at] ?? '<end of file>')}, reference: ${JSON.stringify(right[at] ?? '<end of file>')})`;
}

/** The exports of one source file: name (class members as `Class.member`) to signature and doc. */
export function exportSurface(fileName: string, text: string): Map<string, ExportShape> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const shapes = new Map<string, ExportShape>();
  const add = (name: string, node: ts.Node, signature: string) => {
    let key = name;
    for (let n = 2; shapes.has(key); n++) key = `${name} (overload ${n})`;
    shapes.set(key, { signature: squash(signature), doc: docOf(node, source) });
  };
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      add(`export ${statement.getText(source)}`, statement, statement.getText(source));
      continue;
    }
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement))
      add(statement.name?.text ?? 'default', statement, signatureOf(statement, statement.body, source));
    else if (ts.isClassDeclaration(statement)) addClass(statement, source, add);
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        add(declaration.name.getText(source), statement, variableSignature(declaration, statement, source));
      }
    } else add(declaredName(statement, source), statement, statement.getText(source));
  }
  return shapes;
}

type Add = (name: string, node: ts.Node, signature: string) => void;

function addClass(node: ts.ClassDeclaration, source: ts.SourceFile, add: Add): void {
  const name = node.name?.text ?? 'default';
  add(name, node, text(source, node.getStart(source), node.members.pos));
  for (const member of node.members) {
    if (isPrivate(member)) continue;
    const memberName = ts.isConstructorDeclaration(member)
      ? 'constructor'
      : (member.name?.getText(source) ?? '[index]');
    const body = 'body' in member ? (member.body as ts.Node | undefined) : undefined;
    add(`${name}.${memberName}`, member, signatureOf(member, body, source));
  }
}

function variableSignature(
  declaration: ts.VariableDeclaration,
  statement: ts.VariableStatement,
  source: ts.SourceFile,
): string {
  const keyword = statement.declarationList.getFirstToken(source)?.getText(source) ?? 'const';
  const init = declaration.initializer;
  if (declaration.type || !init)
    return `${keyword} ${declaration.name.getText(source)}${declaration.type ? `: ${declaration.type.getText(source)}` : ''}`;
  // A function value is declared by its parameters and result; anything else by its value.
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
    return `${keyword} ${declaration.name.getText(source)} = ${upTo(init, init.body, source)}`;
  return declaration.getText(source);
}

/** A declaration's text up to its body, without `async` and `*`: how it is written is the learner's choice. */
function signatureOf(node: ts.Node, body: ts.Node | undefined, source: ts.SourceFile): string {
  const name = (node as { name?: ts.Node }).name;
  if (!name) return upTo(node, body, source);
  const head = text(source, node.getStart(source), name.getStart(source)).replace(/\basync\b|\*/g, '');
  return head + text(source, name.getStart(source), body ? body.getStart(source) : node.getEnd());
}

/** The node's text up to (not including) its body: a signature. */
function upTo(node: ts.Node, body: ts.Node | undefined, source: ts.SourceFile): string {
  return text(source, node.getStart(source), body ? body.getStart(source) : node.getEnd());
}

function text(source: ts.SourceFile, from: number, to: number): string {
  return source.text.slice(from, to);
}

/** Whitespace and a trailing `{`, `=>` or `;` do not count: formatting is not the API. */
function squash(signature: string): string {
  return signature
    .replace(/\s+/g, ' ')
    .replace(/\s*(\{|=>|;)\s*$/, '')
    .trim();
}

/** The doc comment (the last `/** ... *\/` before the node), each line trimmed. */
function docOf(node: ts.Node, source: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const docs = ranges.filter((r) => source.text.startsWith('/**', r.pos));
  const last = docs.at(-1);
  if (!last) return '';
  return source.text
    .slice(last.pos, last.end)
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
}

function isExported(node: ts.Statement): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isPrivate(member: ts.ClassElement): boolean {
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  if (ts.isClassStaticBlockDeclaration(member)) return true;
  return (
    ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)
  );
}

function declaredName(node: ts.Statement, source: ts.SourceFile): string {
  const name = (node as { name?: ts.Node }).name;
  return name ? name.getText(source) : node.getText(source).slice(0, 40);
}

// Drives yaml-language-server over LSP with the committed template schema and checks that the
// editor agrees with `wabactl validate`: the same lines flagged in a bad file, nothing in a good
// file written in mixed case, one canonical completion per value, and hovers that say what a
// key is. Usage: node check_yls.mjs WABACTL YAML_LANGUAGE_SERVER_JS
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from './lsp.mjs';

const [wabactl, server] = process.argv.slice(2).map((p) => resolve(p));
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schema = pathToFileURL(join(repo, 'schemas/template.schema.json')).href;
const modeline = `# yaml-language-server: $schema=${schema}\n`;
const work = mkdtempSync(join(tmpdir(), 'wabactl-yls-'));
const failures = [];
let passed = 0;
const check = (ok, what, seen) => {
  if (ok) passed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : `\n     saw: ${JSON.stringify(seen)}`}`);
  if (!ok) failures.push(what);
};

const GOOD = `${modeline}name: order_update
language: en_US
category: Utility
parameter_format: positional
components:
  - type: Header
    format: text
    text: Order {{1}} update
    example:
      header_text: ["A-1042"]
  - type: body
    text: "Hi {{1}}, your order has shipped."
    example:
      body_text: [["Pablo"]]
  - type: Footer
    text: Lucky Shrub
  - type: Buttons
    buttons:
      - type: quick_reply
        text: Stop updates
      - type: Url
        text: Track it
        url: https://example.com/track/{{1}}
        example: ["https://example.com/track/A-1042"]
`;
const BAD = `${modeline}name: Order-Update
language: en-US
category: UTILITY
components:
  - type: BODY
    text: Your order has shipped.
  - type: Foter
    text: Lucky Shrub
`;

/** `wabactl validate` on `path`: the 0-based lines with an error. */
function validateLines(path) {
  let out;
  try {
    out = execFileSync(wabactl, ['validate', '--format', 'json', path], { encoding: 'utf8' });
  } catch (err) {
    out = err.stdout;
  }
  const report = JSON.parse(out);
  return [...new Set(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line - 1))].sort((a, b) => a - b);
}

const client = new LspClient(process.execPath, [server, '--stdio']);
client.settings = { validate: true, hover: true, completion: true, schemas: {}, schemaStore: { enable: false } };
await client.request('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(work).href,
  capabilities: {
    textDocument: {
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      publishDiagnostics: {},
    },
    workspace: { configuration: true },
  },
});
client.notify('initialized', {});
client.notify('workspace/didChangeConfiguration', { settings: { yaml: client.settings } });

let version = 0;
/** Opens `text` as WORK/name and returns its URI. */
function open(name, text) {
  const path = join(work, name);
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
  return uri;
}
async function diagnosticLines(name, text) {
  const uri = pathToFileURL(join(work, name)).href;
  const published = client.nextDiagnostics(uri);
  open(name, text);
  const diagnostics = await published;
  return { diagnostics, lines: [...new Set(diagnostics.map((d) => d.range.start.line))].sort((a, b) => a - b) };
}
/** Completion items at the end of `text` (the cursor after its last character). */
async function completeAtEnd(name, text) {
  const uri = open(name, text);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const result = await client.request('textDocument/completion', { textDocument: { uri }, position });
  return Array.isArray(result) ? result : result.items;
}
async function hover(uri, text, line, key) {
  const character = text.split('\n')[line].indexOf(key) + 1;
  const result = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  const contents = result?.contents;
  return typeof contents === 'string' ? contents : contents?.value ?? '';
}
const docOf = (item) => (typeof item.documentation === 'string' ? item.documentation : item.documentation?.value ?? '');

try {
  // Diagnostics: the editor flags exactly the lines validate flags.
  const good = await diagnosticLines('good.yaml', GOOD);
  const goodCli = validateLines(join(work, 'good.yaml'));
  console.log(`good file: editor ${JSON.stringify(good.diagnostics.map((d) => d.message))}, validate lines ${JSON.stringify(goodCli)}`);
  check(good.lines.length === 0 && goodCli.length === 0, 'mixed-case enum values pass in the editor and in validate', good.diagnostics.map((d) => d.message));
  const bad = await diagnosticLines('bad.yaml', BAD);
  const badCli = validateLines(join(work, 'bad.yaml'));
  console.log(`bad file: editor ${JSON.stringify(bad.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`))}, validate lines ${JSON.stringify(badCli)}`);
  check(JSON.stringify(bad.lines) === JSON.stringify(badCli) && badCli.length === 3,
    'the editor flags the lines validate flags (name, language, component type)', { editor: bad.lines, validate: badCli });

  // Completion: one canonical spelling per value, each with a description.
  const labels = (items) => items.map((i) => i.label);
  const kinds = await completeAtEnd('kind.yaml', `${modeline}name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: `);
  console.log(`component type completion: ${JSON.stringify(labels(kinds))}`);
  check(JSON.stringify(labels(kinds).sort()) === JSON.stringify(['BODY', 'BUTTONS', 'CALL_PERMISSION_REQUEST', 'CAROUSEL', 'FOOTER', 'HEADER', 'LIMITED_TIME_OFFER']),
    'component types complete once each, upper case', labels(kinds));
  check(kinds.every((i) => docOf(i).length > 0), 'every component type completion has a description', kinds.map(docOf));
  const buttons = await completeAtEnd('button.yaml', `${modeline}name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: BUTTONS\n    buttons:\n      - type: `);
  console.log(`button type completion: ${JSON.stringify(labels(buttons))}`);
  check(buttons.length === 10 && new Set(labels(buttons)).size === 10 && labels(buttons).every((l) => l === l.toUpperCase()),
    'button types complete once each, upper case', labels(buttons));
  const categories = await completeAtEnd('category.yaml', `${modeline}name: a\nlanguage: en\ncategory: `);
  check(JSON.stringify(labels(categories).sort()) === JSON.stringify(['AUTHENTICATION', 'MARKETING', 'UTILITY']) && categories.every((i) => docOf(i)),
    'categories complete once each, with a description', categories.map((i) => [i.label, docOf(i)]));
  const items = await completeAtEnd('item.yaml', `${modeline}name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - `);
  console.log(`new component item completion: ${JSON.stringify(labels(items))}`);
  const componentTitles = labels(items).filter((l) => l.endsWith(' component'));
  check(componentTitles.length === 7 && new Set(componentTitles).size === 7 && !labels(items).some((l) => l.includes('WhatsApp message template')),
    'a new component offers each kind under its own title', labels(items));

  const buttonItems = await completeAtEnd('button-item.yaml', `${modeline}name: a\nlanguage: en\ncategory: UTILITY\ncomponents:\n  - type: BUTTONS\n    buttons:\n      - `);
  console.log(`new button item completion: ${JSON.stringify(labels(buttonItems))}`);
  const buttonTitles = labels(buttonItems).filter((l) => l.endsWith(' button'));
  check(buttonTitles.length === 10 && new Set(buttonTitles).size === 10 && buttonTitles.includes('URL button'),
    'a new button offers each kind under its own title', labels(buttonItems));

  // Every language the editor offers passes validate; en-US is refused by both (above).
  const languages = labels(await completeAtEnd('language.yaml', `${modeline}name: a\nlanguage: `));
  const docs = languages.map((code, i) => `name: t${i}\nlanguage: ${code}\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hello.\n`);
  writeFileSync(join(work, 'languages.yaml'), docs.join('---\n'));
  const languageErrors = validateLines(join(work, 'languages.yaml'));
  console.log(`language completion: ${languages.length} codes, e.g. ${languages.slice(0, 5).join(', ')}`);
  check(languages.length > 100 && languages.includes('en_US') && !languages.includes('en-US') && languageErrors.length === 0,
    'every language offered passes validate', { count: languages.length, languageErrors });

  // Hover: the key's own description, under the component's title.
  const goodUri = pathToFileURL(join(work, 'good.yaml')).href;
  const goodLines = GOOD.split('\n');
  const footerLine = goodLines.indexOf('  - type: Footer');
  const typeHover = await hover(goodUri, GOOD, footerLine, 'type');
  const textHover = await hover(goodUri, GOOD, footerLine + 1, 'text');
  const nameHover = await hover(goodUri, GOOD, goodLines.indexOf('name: order_update'), 'name');
  console.log(`hover on a footer's type: ${JSON.stringify(typeHover)}\nhover on a footer's text: ${JSON.stringify(textHover)}\nhover on name: ${JSON.stringify(nameHover)}`);
  check(typeHover.includes('FOOTER component') && typeHover.includes('What this component is'),
    "hover on a footer's type speaks of the footer", typeHover);
  check(/60 characters/.test(textHover) && !textHover.includes('WhatsApp message template'),
    "hover on a footer's text gives its description under the footer's title", textHover);
  check(/lowercase/i.test(nameHover), 'hover on name describes it', nameHover);
} finally {
  await client.stop().catch(() => {});
  client.child.kill();
  rmSync(work, { recursive: true, force: true });
}
console.log(`editor: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);

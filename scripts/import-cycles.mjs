// `npm run lint` step: fails when src/ has an import cycle (value imports; `import type` is erased at build).
// The folder layers themselves are ESLint's no-restricted-imports rules in eslint.config.js.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const files = readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(src, f));
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm;

const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of text.matchAll(IMPORT)) {
    // `import { type A, type B } from` is erased too.
    const names = /\{([^}]*)\}/.exec(m[0])?.[1];
    if (names !== undefined && names.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    deps.push(normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts'))));
  }
  graph.set(file, deps);
}

const state = new Map(); // 1: on the path, 2: done
const cycles = [];
function visit(file, path) {
  state.set(file, 1);
  path.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (state.get(dep) === 1) cycles.push([...path.slice(path.indexOf(dep)), dep]);
    else if (!state.has(dep)) visit(dep, path);
  }
  path.pop();
  state.set(file, 2);
}
for (const file of files) if (!state.has(file)) visit(file, []);

if (cycles.length > 0) {
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(src, f)).join(' -> ')}`);
  process.exit(1);
}

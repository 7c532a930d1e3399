// Prints the differential test's random scenarios (test/arbitraries.ts, transpiled here: the benches run on
// dist/) as one JSON array: `node bench/random-scenarios.mjs COUNT`. A process of its own, so that TypeScript
// and fast-check are never loaded in the process that measures (their heap slowed the figures by a third).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = readFileSync(`${root}/test/arbitraries.ts`, 'utf8');
const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const dir = `${root}/node_modules/.cache/whydenied-bench`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/arbitraries.mjs`, js);
const { scenarioArb } = await import(`${dir}/arbitraries.mjs`);
process.stdout.write(JSON.stringify(fc.sample(scenarioArb, { numRuns: Number(process.argv[2] ?? 300), seed: 9 })));

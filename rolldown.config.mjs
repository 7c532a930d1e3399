// The `whydenied` command as a few bundled files (dist/bin/): Node resolves, reads and compiles each ES
// module separately, and on the ~110 modules `explain` loads that costs about a quarter of its start-up.
// dist/bin is two levels below the package root, as dist/cli is, so `../../examples` and
// `../../package.json` resolve alike; the scan worker is an entry of its own, next to the chunk that starts it.
//
// The chunks are CommonJS (dist/bin/package.json says so) so that the bin, whydenied.js (src/cli/launch.ts),
// can compile them through vm.Script with V8's code cache: Node 20 has no code cache for ES modules.
const external = (id) => /^[^./]/.test(id) && !/^(yaml|ipaddr\.js|@cloud-copilot\/iam-data)(\/|$)/.test(id);
const commonJs = {
  name: 'commonjs-folder',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
  },
};

export default [
  {
    input: { main: 'dist/cli/main.js', worker: 'dist/scan/worker.js' },
    platform: 'node',
    // yaml (~60 CommonJS files, loaded for every JSON file lint locates), ipaddr.js and iam-data's global
    // condition keys (its index loads 11 files; src/catalog/ reads its data files from the package's folder) are
    // bundled in too; other packages stay outside (the AWS SDK loads only for --live).
    external,
    plugins: [commonJs],
    // Packages loaded on demand (ajv, the MCP SDK, hcl2json) through require: a vm script has no import().
    output: { dir: 'dist/bin', format: 'cjs', entryFileNames: '[name].js', cleanDir: true, dynamicImportInCjs: false },
  },
  {
    input: { whydenied: 'dist/cli/launch.js' },
    platform: 'node',
    external,
    output: { dir: 'dist/bin', format: 'cjs', entryFileNames: '[name].js' },
  },
];

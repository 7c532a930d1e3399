// The `whydenied` command as a few bundled files (dist/bin/): Node resolves, reads and compiles each ES
// module separately, and on the ~110 modules `explain` loads that costs about a quarter of its start-up.
// Dependencies stay external (their data files are found from node_modules). dist/bin is two levels below
// the package root, as dist/cli is, so `../../examples` and `../../package.json` resolve alike; the scan
// worker is an entry of its own, next to the chunk that starts it.
export default {
  input: { whydenied: 'dist/cli/main.js', worker: 'dist/scan/worker.js' },
  platform: 'node',
  external: [/^[^./]/],
  output: { dir: 'dist/bin', format: 'esm', entryFileNames: '[name].js', cleanDir: true },
};

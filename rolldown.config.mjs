// The `whydenied` command as a few bundled files (dist/bin/): Node resolves, reads and compiles each ES
// module separately, and on the ~110 modules `explain` loads that costs about a quarter of its start-up.
// dist/bin is two levels below the package root, as dist/cli is, so `../../examples` and
// `../../package.json` resolve alike; the scan worker is an entry of its own, next to the chunk that starts it.
export default {
  input: { whydenied: 'dist/cli/main.js', worker: 'dist/scan/worker.js' },
  platform: 'node',
  // yaml (~60 CommonJS files, loaded for every JSON file lint locates) and ipaddr.js are bundled in too; other
  // packages stay outside (iam-data reads its data files from its own folder; the AWS SDK loads only for --live).
  external: (id) => /^[^./]/.test(id) && !/^(yaml|ipaddr\.js)(\/|$)/.test(id),
  output: { dir: 'dist/bin', format: 'esm', entryFileNames: '[name].js', cleanDir: true },
};

#!/usr/bin/env node
// The registry reachable from our machines only serves Linux x64 builds of packages with
// per-platform binaries (@swc/core-*, @unrs/resolver-binding-*, …). npm then leaves the
// other platforms' optional packages out of package-lock.json, and `npm ci` refuses the
// lock as out of sync. This adds those entries back (version, os, cpu, optional), so
// `npm ci` skips them on this platform and still installs them elsewhere.
const fs = require('node:fs');
const path = require('node:path');
const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'netbsd', 'openbsd', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
    const where = `${key ? `${key}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[where] || lock.packages[hoisted]) continue;
    const base = name.split('/').pop();
    const os = OS.filter((o) => base.split('-').includes(o));
    const cpu = CPU.filter((c) => base.split('-').includes(c) || base.includes(`-${c}-`) || base.endsWith(`-${c}`));
    if (os.length === 0) continue; // not a platform binary package: leave it to npm
    lock.packages[hoisted] = {
      version: spec.replace(/^[\^~=]/, ''),
      optional: true,
      os,
      ...(cpu.length ? { cpu } : {}),
    };
    added++;
  }
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform optional entries`);

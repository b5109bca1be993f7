/**
 * Benchmark (issue 15): `topo import` as a user meets it — the whole process, Node's start-up
 * included — on generated inputs of growing size, and the same import in process (the CLI's
 * command, with its file reading and YAML parsing, without Node's start). Run with
 * `npx tsx bench/import.ts` (or `npm run bench import`). There is no peer on this machine:
 * kube-score, Polaris and checkov are not installed, and none of them computes a figure.
 *
 * Inputs: Kubernetes directories of N workloads (a Deployment with probes, spread and an HPA, and
 * its Service, one file each, every tenth a StatefulSet without spread), the last one calling
 * the next through its environment (the path follows the calls); and one Compose file of N
 * services, each depending on the next. N = 1,000 is the import's limit of services.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../server/src/cli/commands/import';
import type { CliIo } from '../server/src/cli/io';

const ROOT = join(__dirname, '..');
const RUNS = 3;
const SIZES = [10, 100, 1000];
/** Whole-process targets (ms, the median run): what a CI step can afford on 2 cores. */
const TARGET_MS: Record<number, number> = { 10: 1000, 100: 2000, 1000: 5000 };

function workload(i: number, n: number): string {
  const name = `svc-${i}`;
  const next = i + 1 < n ? `\n            - name: NEXT_ADDR\n              value: "svc-${i + 1}:8080"` : '';
  const spread = i % 10 === 9 ? '' : `
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule`;
  return `apiVersion: apps/v1
kind: ${i % 10 === 9 ? 'StatefulSet' : 'Deployment'}
metadata:
  name: ${name}
spec:
  replicas: ${2 + (i % 3)}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:${spread}
      containers:
        - name: server
          image: example/${name}:1.0
          ports: [{ containerPort: 8080 }]
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 5
            failureThreshold: 3
          env:
            - name: MODE
              value: production${next}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ${i === 0 ? 'type: LoadBalancer\n  ' : ''}selector: { app: ${name} }
  ports: [{ port: 8080, targetPort: 8080 }]
`;
}

function k8sDir(n: number, dir: string): string {
  const out = join(dir, `k8s-${n}`);
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(out, `svc-${String(i).padStart(4, '0')}.yaml`), workload(i, n));
  return out;
}

function composeFile(n: number, dir: string): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  s${i}:`, `    image: example/s${i}:1.0`, `    deploy: { replicas: ${1 + (i % 3)} }`);
    if (i === 0) lines.push('    ports: ["443:443"]');
    if (i + 1 < n) lines.push(`    depends_on: [s${i + 1}]`);
    lines.push('    healthcheck: { test: ["CMD", "true"], interval: 10s, retries: 3 }');
  }
  const file = join(dir, `compose-${n}.yml`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function wholeProcess(args: string[]): { ms: number; code: number | null } {
  const times: number[] = [];
  let code: number | null = 0;
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'topo.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - started);
    code = run.status;
    if (run.status !== 0) throw new Error(`topo ${args.join(' ')} exited ${run.status}: ${run.stdout.slice(0, 500)}${run.stderr.slice(0, 500)}`);
  }
  return { ms: median(times), code };
}

async function inProcess(args: string[]): Promise<number> {
  const quiet: CliIo = { out: () => undefined, err: () => undefined, isTTY: false };
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const code = await runImport(args, quiet);
    times.push(performance.now() - started);
    if (code !== 0) throw new Error(`import ${args.join(' ')} in process: exit ${code}`);
  }
  return median(times);
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const dir = mkdtempSync(join(tmpdir(), 'topo-bench-import-'));
  const rows: string[] = ['| input | whole process (ms, median of 3) | in process (ms) | target | |', '|---|---:|---:|---:|---|'];
  let missed = false;
  try {
    for (const n of SIZES) {
      for (const [what, args] of [
        [`k8s, ${n} workloads + Services (${n} files)`, ['import', 'k8s', k8sDir(n, dir), '-o', join(dir, `k8s-${n}.topo`)]],
        [`compose, ${n} services (one file)`, ['import', 'compose', composeFile(n, dir), '-o', join(dir, `compose-${n}.topo`)]],
      ] as const) {
        process.stderr.write(`${what}…\n`);
        const whole = wholeProcess([...args]);
        const inside = await inProcess([...args].slice(1));
        const target = TARGET_MS[n]!;
        const ok = whole.ms < target;
        if (!ok) missed = true;
        rows.push(`| ${what} | ${whole.ms.toFixed(0)} | ${inside.toFixed(0)} | < ${target} | ${ok ? 'PASS' : 'MISS'} |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`topo import (node ${process.version}; each draft analysed, its findings drawn)\n`);
  console.log(rows.join('\n'));
  if (missed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});

/**
 * Runs SCRAM (the Open-PSA reference tool, Debian package `scram` 0.16.2) on MEF text and
 * reads its XML report. Test and bench helper: the core never runs external tools.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScramOptions {
  /** `--limit-order`: largest product (cut set) order reported. */
  limitOrder: number;
  /** Also compute importance factors (Birnbaum = SCRAM's MIF). */
  importance?: boolean;
  /** Kill SCRAM after this long; the result then has `timedOut`. */
  timeoutMs?: number;
}

export interface ScramTop {
  /** Exact top-event probability (BDD), as SCRAM prints it: 6 significant digits. */
  probability: number;
  /** Minimal cut sets up to the order limit, each a sorted list of basic-event names. */
  products: string[][];
  /** Probability of each product, in the same order (6 significant digits). */
  productProbabilities: number[];
  /** Basic event → Birnbaum importance (MIF), when importance was asked for. */
  birnbaum: Map<string, number>;
}

export interface ScramResult {
  /** Per top event (gate name). */
  tops: Map<string, ScramTop>;
  /** Wall-clock seconds of the SCRAM process. */
  wallSeconds: number;
  /** SCRAM's own products + probability time, seconds, summed over top events. */
  analysisSeconds: number;
  timedOut: boolean;
}

/** The scram executable's version line, or undefined when it is not installed. */
export function scramVersion(): string | undefined {
  try {
    return execFileSync('scram', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** Runs `scram --bdd --probability true` on one MEF document. Rejects on a SCRAM error. */
export function runScram(mefXml: string, options: ScramOptions): Promise<ScramResult> {
  const dir = mkdtempSync(join(tmpdir(), 'topo-scram-'));
  const input = join(dir, 'model.xml');
  const output = join(dir, 'report.xml');
  writeFileSync(input, mefXml);
  const args = ['--bdd', '--probability', 'true', '--limit-order', String(options.limitOrder), '-o', output, input];
  if (options.importance) args.unshift('--importance', 'true');
  const started = process.hrtime.bigint();
  return new Promise<ScramResult>((resolve, reject) => {
    execFile('scram', args, { timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        if (error && (error.killed || error.signal)) {
          resolve({ tops: new Map(), wallSeconds, analysisSeconds: NaN, timedOut: true });
        } else if (error) {
          reject(new Error(`scram failed: ${stderr || error.message}`));
        } else {
          resolve({ ...parseScramReport(readFileSync(output, 'utf8')), wallSeconds, timedOut: false });
        }
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Runs many SCRAM jobs, `concurrency` at a time (the machine has two cores). */
export async function runScramAll(jobs: string[], options: ScramOptions, concurrency = 2): Promise<ScramResult[]> {
  const results: ScramResult[] = new Array<ScramResult>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runScram(jobs[i] as string, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

/** Reads SCRAM's XML report: per top event its probability, products and importance. */
export function parseScramReport(xml: string): { tops: Map<string, ScramTop>; analysisSeconds: number } {
  const tops = new Map<string, ScramTop>();
  const sums = /<sum-of-products\b([^>]*?)(\/>|>([\s\S]*?)<\/sum-of-products>)/g;
  for (const m of xml.matchAll(sums)) {
    const attrs = attributes(m[1] ?? '');
    const name = attrs.get('name') ?? '';
    const products: string[][] = [];
    const productProbabilities: number[] = [];
    for (const p of (m[3] ?? '').matchAll(/<product\b([^>]*)>([\s\S]*?)<\/product>/g)) {
      products.push([...(p[2] ?? '').matchAll(/<basic-event name="([^"]*)"\/>/g)].map((e) => unescapeXml(e[1] ?? '')).sort());
      productProbabilities.push(Number(attributes(p[1] ?? '').get('probability')));
    }
    tops.set(unescapeXml(name), { probability: Number(attrs.get('probability')), products, productProbabilities, birnbaum: new Map() });
  }
  for (const m of xml.matchAll(/<importance name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/importance>)/g)) {
    const top = tops.get(unescapeXml(m[1] ?? ''));
    if (!top) continue;
    for (const e of (m[2] ?? '').matchAll(/<basic-event\b([^>]*)\/>/g)) {
      const attrs = attributes(e[1] ?? '');
      top.birnbaum.set(unescapeXml(attrs.get('name') ?? ''), Number(attrs.get('MIF')));
    }
  }
  let analysisSeconds = 0;
  for (const m of xml.matchAll(/<(products|probability)>([^<]*)<\/\1>/g)) analysisSeconds += Number(m[2]);
  return { tops, analysisSeconds };
}

function attributes(text: string): Map<string, string> {
  return new Map([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

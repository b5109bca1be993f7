/** The `Topo:` commands. Each asks the language server and shows what it says; none computes a figure. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkDoneProgress, type WorkDoneProgressReport, type WorkDoneProgressBegin, type WorkDoneProgressEnd } from 'vscode-languageclient/node';
import {
  BlastRequest, DiagramRequest, DiffRequest, FailureTargetsRequest, MonteCarloRequest, ReportRequest, RevisionsRequest, SimulateRequest,
  type FailureTarget, type MonteCarloParams, type RevisionChoice, type SimulateParams,
} from '../../server/src/protocol';
import { formatBlast, formatMonteCarloText, formatScenarioText } from '../../server/src/core/index';
import { renderSvgText } from '../../webview/src/export/node-svg';
import { DiagramPanel } from './diagram-panel';
import type { ReportDocuments } from './reports';
import { reportLineOf } from './report-sections';
import { groupTargets, playbackTitle, simulateParamsFor, type TargetItem } from './targets';
import { changeMarks, changesTitle, changeSummary, comparisonReportName, type ComparisonState } from './changes';
import { elementNameAt, fileNameOf, parseYears, simulationSubjects, subjectAt, subjectParams, subjectToUse, systemOfScenario, type SimulationSubject } from './inputs';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  client: () => LanguageClient;
  reports: ReportDocuments;
  /** The comparisons shown ("Compare with…"), kept current while their reports or marks are. */
  comparisons: ComparisonState;
}

/**
 * The `.topo` document a command is about: its argument, else the active editor's, else the
 * focused diagram's, else the one `.topo` editor in sight.
 */
function targetDocument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'topo') return editor.document.uri;
  const diagram = DiagramPanel.active();
  if (diagram) return diagram.uri;
  const visible = vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'topo');
  if (visible.length === 1) return visible[0]!.document.uri;
  void vscode.window.showWarningMessage('Open a .topo file first.');
  return undefined;
}

/**
 * The system or journey at the cursor of the active editor, when it shows `uri`: what a command
 * about one system of a file of several is about (docs/editor.md, "The system at the cursor").
 */
function subjectAtEditorCursor(uri: vscode.Uri): { system: string } | { journey: string } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uri.toString()) return undefined;
  const { line, character } = editor.selection.active;
  return subjectAt(editor.document.getText(), { line, character });
}

/** Makes sure the server has the document open (a command may name one not shown in an editor). */
async function open(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.openTextDocument(uri);
}

export async function showDiagram(ctx: CommandContext, arg: unknown): Promise<DiagramPanel | undefined> {
  const uri = targetDocument(arg);
  if (!uri) return undefined;
  await open(uri);
  return DiagramPanel.show(ctx.extension.extensionUri, ctx.client(), uri);
}

export async function showReport(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  // The report covers the file; it opens at the section of the system or journey at the cursor.
  const here = subjectAtEditorCursor(uri);
  const report = await ctx.client().sendRequest(ReportRequest, { uri: uri.toString() });
  const editor = await ctx.reports.show(`${fileNameOf(uri.toString())} — availability.md`, report.markdown, { fresh: false, liveFor: uri.toString() });
  const line = here === undefined ? undefined : reportLineOf(report.markdown, here);
  if (line !== undefined && line < editor.document.lineCount) {
    const at = new vscode.Range(line, 0, line, 0);
    editor.selection = new vscode.Selection(at.start, at.start);
    editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
  }
}

/** Keeps an open availability report current after the server analysed its document again. */
export async function refreshReport(ctx: CommandContext, source: string): Promise<void> {
  const report = ctx.reports.liveReportOf(source);
  if (!report) return;
  const result = await ctx.client().sendRequest(ReportRequest, { uri: source });
  ctx.reports.update(report, result.markdown);
}

export async function simulateFailover(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  // In a file of several systems or with journeys, the one at the cursor is simulated, else the
  // user says which; only that subject's targets are offered (topo/failureTargets takes it as
  // topo/simulate does, so every one listed simulates).
  const asked = await askSubject(ctx, uri, 'Simulate Failover');
  if (!asked) return;
  const { subject, several } = asked;
  const target = await pickTarget(ctx, uri, subject);
  if (!target) return;
  await simulate(ctx, uri, { ...simulateParamsFor(uri.toString(), target), ...subjectParams(subject) }, playbackTitle(target), several ? subject?.label : undefined);
}

/**
 * Which system or journey of the document a command is about (`subjectToUse`): the only one, or
 * the one at the cursor, else asked with a quick pick titled `title`; undefined when the user
 * dismissed it. `subject` is undefined when the file has none with figures (the server's default
 * applies); `several` says whether the file has more than one (titles then name it).
 */
async function askSubject(ctx: CommandContext, uri: vscode.Uri, title: string): Promise<{ subject: SimulationSubject | undefined; several: boolean } | undefined> {
  const report = await ctx.client().sendRequest(ReportRequest, { uri: uri.toString() });
  const subjects = simulationSubjects(report.json);
  const several = subjects.length > 1;
  const chosen = subjectToUse(subjects, subjectAtEditorCursor(uri));
  if (chosen !== 'ask') return { subject: chosen.subject, several };
  const picked = await vscode.window.showQuickPick(subjects, { title, placeHolder: 'Which system or journey?' });
  return picked ? { subject: picked, several } : undefined;
}

type TargetPick = vscode.QuickPickItem & { item?: TargetItem };

/**
 * Asks what fails in `subject` (every system of the file when undefined). The quick pick opens at
 * once (busy while the server lists the targets), so what the user types goes into it and
 * filters the list when it arrives.
 */
async function pickTarget(ctx: CommandContext, uri: vscode.Uri, subject: SimulationSubject | undefined): Promise<FailureTarget | undefined> {
  const quickPick = vscode.window.createQuickPick<TargetPick>();
  quickPick.title = subject === undefined ? 'Simulate Failover' : `Simulate Failover: ${subject.label}`;
  quickPick.placeholder = 'What fails? (a scenario, node, instance, site, zone or region)';
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  try {
    const chosen = new Promise<FailureTarget | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.item?.target));
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.show();
    let targets: FailureTarget[];
    try {
      targets = await ctx.client().sendRequest(FailureTargetsRequest, { uri: uri.toString(), ...subjectParams(subject) });
    } catch (e) {
      // The server refuses a subject it would not simulate, in the words topo/simulate uses.
      quickPick.hide();
      void vscode.window.showErrorMessage(`Simulation: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    quickPick.busy = false;
    if (targets.length === 0) {
      quickPick.hide();
      void vscode.window.showInformationMessage(subject === undefined ? 'Nothing to fail: the file declares no system yet.' : `Nothing to fail in ${subject.label}.`);
      return undefined;
    }
    quickPick.items = groupTargets(targets).flatMap((g) => [
      { label: g.title, kind: vscode.QuickPickItemKind.Separator } as TargetPick,
      ...g.items.map((item) => ({ label: item.label, description: item.description, item })),
    ]);
    return await chosen;
  } finally {
    quickPick.dispose();
  }
}

/** `▶ Simulate` code lens: arguments [uri, scenarioName]. */
export async function simulateScenario(ctx: CommandContext, uriArg: unknown, scenario: unknown): Promise<void> {
  const uri = targetDocument(uriArg);
  if (!uri || typeof scenario !== 'string') return;
  const document = await vscode.workspace.openTextDocument(uri);
  // The lens stands in the system that declares the scenario: that system is simulated.
  const system = systemOfScenario(document.getText(), scenario);
  await simulate(ctx, uri, { uri: uri.toString(), scenario, ...(system !== undefined ? { system } : {}) }, playbackTitle({ type: 'scenario', name: scenario }), system);
}

async function simulate(ctx: CommandContext, uri: vscode.Uri, params: SimulateParams, title: string, subject?: string): Promise<void> {
  const response = await ctx.client().sendRequest(SimulateRequest, params);
  if (!response.ok) {
    void vscode.window.showErrorMessage(`Simulation: ${response.error}`);
    return;
  }
  const panel = DiagramPanel.show(ctx.extension.extensionUri, ctx.client(), uri);
  // Played on the system simulated; the page plays on systems only, so a journey's plays on the first.
  panel.playback(title, response.result, params.system);
  const systemName = subject ?? fileNameOf(uri.toString());
  await ctx.reports.show(`${systemName} — ${title}.txt`, formatScenarioText(systemName, response.result), { fresh: true, viewColumn: besideOf(panel) });
}

export async function runMonteCarlo(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  // A file of several systems or with journeys: the one at the cursor, else ask which one (the
  // system, or the journey, with its services).
  const asked = await askSubject(ctx, uri, 'Run Monte Carlo Simulation');
  if (!asked) return;
  const { subject, several } = asked;
  const config = vscode.workspace.getConfiguration('topo.monteCarlo');
  const typed = await vscode.window.showInputBox({
    title: 'Run Monte Carlo Simulation',
    prompt: 'How many years to simulate?',
    value: String(config.get<number>('years', 100000)),
    validateInput: (text) => {
      const parsed = parseYears(text);
      return parsed.ok ? undefined : parsed.error;
    },
  });
  if (typed === undefined) return;
  const parsed = parseYears(typed);
  if (!parsed.ok) return;
  const seed = config.get<number>('seed', 1);
  const token = `topo-montecarlo-${randomBytes(8).toString('hex')}`;
  const params: MonteCarloParams = {
    uri: uri.toString(), years: parsed.years, seed, workDoneToken: token,
    ...subjectParams(subject),
  };
  const client = ctx.client();
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Monte Carlo: ${parsed.years.toLocaleString('en-US')} years`, cancellable: true },
    async (progress, cancel) => {
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, token, (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
        if (value.kind === 'end' || value.percentage === undefined) return;
        progress.report({ increment: value.percentage - reported, message: `${value.percentage}%` });
        reported = value.percentage;
      });
      try {
        return await client.sendRequest(MonteCarloRequest, params, cancel);
      } catch (e) {
        if (cancel.isCancellationRequested) return undefined;
        throw e;
      } finally {
        listener.dispose();
      }
    },
  );
  if (response === undefined) {
    void vscode.window.showInformationMessage('Monte Carlo run cancelled.');
    return;
  }
  if (!response.ok) {
    void vscode.window.showErrorMessage(`Monte Carlo: ${response.error}`);
    return;
  }
  const name = several && subject ? subject.label : fileNameOf(uri.toString());
  await ctx.reports.show(`${name} — Monte Carlo ${parsed.years} years, seed ${seed}.txt`, formatMonteCarloText(name, response.result), { fresh: true });
}

export async function exportSvg(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  const view = await ctx.client().sendRequest(DiagramRequest, { uri: uri.toString() });
  if (!view) {
    void vscode.window.showWarningMessage('Nothing to export: the file declares no system yet.');
    return;
  }
  const defaultUri = uri.scheme === 'file' ? uri.with({ path: uri.path.replace(/\.topo$/i, '') + '.svg' }) : undefined;
  const target = await vscode.window.showSaveDialog({ title: 'Export Diagram as SVG', filters: { SVG: ['svg'] }, ...(defaultUri ? { defaultUri } : {}) });
  if (!target) return;
  const css = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview.css')));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderSvgText(view, css)));
  void vscode.window.showInformationMessage(`Diagram exported to ${vscode.workspace.asRelativePath(target)}.`);
}

/**
 * "Topo: Export Diagram as PNG": the diagram's page renders what it shows at 2× (the SVG export's
 * drawing, its stylesheet embedded, on a canvas), and the PNG is saved where the user says.
 * The diagram is opened first when it is not.
 */
export async function exportPng(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  const panel = DiagramPanel.show(ctx.extension.extensionUri, ctx.client(), uri);
  const css = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview.css')));
  let png: Uint8Array;
  try {
    png = await panel.renderPng(css);
  } catch (e) {
    void vscode.window.showWarningMessage(`Nothing exported: ${e instanceof Error ? e.message : String(e)}.`);
    return;
  }
  const defaultUri = uri.scheme === 'file' ? uri.with({ path: uri.path.replace(/\.topo$/i, '') + '.png' }) : undefined;
  const target = await vscode.window.showSaveDialog({ title: 'Export Diagram as PNG', filters: { PNG: ['png'] }, ...(defaultUri ? { defaultUri } : {}) });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, png);
  void vscode.window.showInformationMessage(`Diagram exported to ${vscode.workspace.asRelativePath(target)}.`);
}

function besideOf(panel: DiagramPanel): vscode.ViewColumn {
  const column = panel.panel.viewColumn;
  return column === undefined ? vscode.ViewColumn.Beside : ((column + 1) as vscode.ViewColumn);
}

/**
 * "Topo: What Fails If…": asks for an element (prefilled with the name at the cursor), asks the
 * server what its failure takes down in every system and journey of the estate (`topo/blast`),
 * and shows the answer as a read-only report (and on the document's diagram, when one is open).
 */
export async function whatFailsIf(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  await open(uri);
  const editor = vscode.window.activeTextEditor;
  const here = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
  const word = here && editor ? elementNameAt(editor.document.lineAt(here.line).text, here.character) : '';
  const element = await vscode.window.showInputBox({
    title: 'What Fails If…',
    prompt: 'What fails? An instance, a node, a site, a zone, a region or a whole service (e.g. az1, auth, auth.sessions).',
    value: word,
    validateInput: (text) => (text.trim().length === 0 ? 'Type the name of an element or a service.' : undefined),
  });
  if (element === undefined || element.trim().length === 0) return;
  const result = await ctx.client().sendRequest(BlastRequest, { uri: uri.toString(), element: element.trim() });
  if (!result.ok) {
    void vscode.window.showErrorMessage(`What fails if ${element.trim()}: ${result.error}`);
    return;
  }
  // A diagram of the document already open marks it too (it is not opened for this).
  DiagramPanel.of(uri.toString())?.blast(result.label, result.subjects);
  const name = fileNameOf(uri.toString());
  await ctx.reports.show(`${name} — what fails if ${result.element}.txt`, formatBlast(result), { fresh: true });
}

/**
 * "Topo: Compare with…": asks which revision (`revisionArg` skips the question: tests pass
 * `'HEAD'`), asks the server for the comparison of the document with the file at that revision
 * (`topo/diff`, the editor's text against the revision's), and shows it as a read-only report
 * and, when the document's diagram is open, as marks on it (docs/editor.md, "Compare with a revision").
 */
export async function compareWith(ctx: CommandContext, arg: unknown, revisionArg: unknown): Promise<void> {
  const uri = targetDocument(arg);
  if (!uri) return;
  // git runs programs a repository's configuration names: not in a workspace the user has not trusted.
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Compare with… runs git, which a repository\'s configuration can make run programs: trust this workspace first (Manage Workspace Trust).');
    return;
  }
  await open(uri);
  const name = fileNameOf(uri.toString());
  const revision = typeof revisionArg === 'string' && revisionArg.trim().length > 0 ? revisionArg.trim() : await pickRevision(ctx, uri, name);
  if (revision === undefined) return;
  const source = uri.toString();
  const latest = ctx.comparisons.ask(source, revision, { mark: true });
  // The revision's side is analysed on demand (the current one is the server's own): a large model takes a moment.
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Topo: comparing ${name} with ${revision}` },
    () => ctx.client().sendRequest(DiffRequest, { uri: source, revision }),
  );
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Compare with ${revision}: ${result.error}`);
    return;
  }
  // A later request for the same revision (a refresh after an edit) has the newer answer.
  if (!latest()) return;
  // A diagram of the document already open marks it too (it is not opened for this), unless
  // another comparison was asked for meanwhile.
  if (ctx.comparisons.marked(source) === revision) {
    DiagramPanel.of(source)?.changes(changesTitle(result.revision, result.commit), changeSummary(result.diff), changeMarks(result.diff));
  }
  ctx.comparisons.shown(source, revision);
  await ctx.reports.show(comparisonReportName(name, result.revision, result.commit), result.markdown, { fresh: false, liveFor: comparisonKey(source, revision) });
}

/** The live report key of a document's comparison with a revision (its availability report is keyed by the URI alone). */
function comparisonKey(source: string, revision: string): string {
  return `compare\u0000${source}\u0000${revision}`;
}

/**
 * Keeps a document's comparisons current after the server analysed it again, or after a commit
 * moved a revision (`HEAD` is the new HEAD): each report still open, and the diagram's marks until
 * they are cleared. An answer older than one already shown for the same revision is dropped; a
 * comparison no longer shown is forgotten.
 */
export async function refreshComparison(ctx: CommandContext, source: string): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const panel = DiagramPanel.of(source);
  const wanted = ctx.comparisons.toRefresh(source, (revision) => ctx.reports.liveReportOf(comparisonKey(source, revision)) !== undefined, panel?.showsChanges === true);
  await Promise.all(wanted.map(async ({ revision, report, marks }) => {
    const latest = ctx.comparisons.ask(source, revision, { mark: false });
    const result = await ctx.client().sendRequest(DiffRequest, { uri: source, revision });
    // The revision may have gone (a branch deleted): the last comparison stays as it was.
    if (!result.ok || !latest()) return;
    const open = report ? ctx.reports.liveReportOf(comparisonKey(source, revision)) : undefined;
    if (open) ctx.reports.update(open, result.markdown);
    if (marks && ctx.comparisons.marked(source) === revision && panel?.showsChanges) {
      panel.changes(changesTitle(result.revision, result.commit), changeSummary(result.diff), changeMarks(result.diff), { reveal: false });
    }
  }));
}

/** Keeps every comparison shown current (after a commit, a checkout: what a revision names moved). */
export async function refreshComparisons(ctx: CommandContext): Promise<void> {
  await Promise.all(ctx.comparisons.sources().map((source) => refreshComparison(ctx, source)));
}

type RevisionPick = vscode.QuickPickItem & { choice?: RevisionChoice; other?: true };

/**
 * Asks which revision to compare `uri` with: HEAD and the latest commits that changed the file
 * (`topo/revisions`), then "Other revision…", which asks for any revision git takes (what was
 * typed into the pick prefills it). Opens at once, busy while the server lists the commits.
 * Undefined when the user dismissed it or the server could not list them (said in an error).
 */
async function pickRevision(ctx: CommandContext, uri: vscode.Uri, name: string): Promise<string | undefined> {
  const title = `Compare ${name} with…`;
  const quickPick = vscode.window.createQuickPick<RevisionPick>();
  quickPick.title = title;
  quickPick.placeholder = 'Which revision? (the latest commits that changed the file)';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  let picked: RevisionPick | undefined;
  let typed = '';
  try {
    const chosen = new Promise<RevisionPick | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        typed = quickPick.value.trim();
        // Enter on text that matches no commit (or before they are listed) takes it as another revision.
        resolve(quickPick.selectedItems[0] ?? (typed.length > 0 ? { label: typed, other: true } : undefined));
      });
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.show();
    const listed = await ctx.client().sendRequest(RevisionsRequest, { uri: uri.toString() }).catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }));
    if (!listed.ok) {
      quickPick.hide();
      void vscode.window.showErrorMessage(`Compare with: ${listed.error}`);
      return undefined;
    }
    quickPick.busy = false;
    if (listed.revisions.length === 0) {
      quickPick.hide();
      void vscode.window.showWarningMessage(`Nothing to compare ${name} with: the repository has no commit yet.`);
      return undefined;
    }
    quickPick.items = [
      ...listed.revisions.map((choice) => ({ label: choice.revision === 'HEAD' ? 'HEAD' : choice.short, description: choice.subject, detail: choice.when, choice })),
      // Always shown, so a branch or tag typed into the pick can be taken from here.
      { label: 'Other revision…', description: 'a branch, tag or commit', alwaysShow: true, other: true },
    ];
    picked = await chosen;
  } finally {
    quickPick.dispose();
  }
  if (picked?.choice) return picked.choice.revision;
  if (!picked?.other) return undefined;
  const other = await vscode.window.showInputBox({
    title,
    prompt: 'A branch, tag, commit or any revision git takes (main, v1.2, HEAD~3, a1b2c3d).',
    value: typed,
    validateInput: (text) => (text.trim().length === 0 ? 'Type a branch, a tag or a commit.' : undefined),
  });
  return other === undefined || other.trim().length === 0 ? undefined : other.trim();
}

/**
 * The diagram's view model: everything the webview (and `topo diagram`) draws, computed in
 * the core from the model and the analysis. The webview never computes availability; it only
 * lays out and draws this. Plain data (it crosses postMessage).
 *
 * The types are declared in the webview's own module (`webview/src/view-model.ts`) because
 * the webview project cannot import from the server; the core re-exports them so the
 * protocol and the language server name them from here.
 */
export type {
  DiagramView,
  SystemView,
  HeadlineView,
  DomainView,
  ScopeView,
  LayerView,
  ReplicationView,
  InstanceView,
  SiteView,
  Temperature,
} from '../../../../webview/src/view-model';

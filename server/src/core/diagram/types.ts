/**
 * The diagram's view model: everything the webview (and `topo diagram`) draws, computed in
 * the core from the model and the analysis. The webview never computes availability; it only
 * lays out and draws this. Plain data (it crosses postMessage).
 *
 * PRELIMINARY: the diagram work fleshes this out; consumers treat it as opaque data.
 */
export interface DiagramView {
  /** Schema version, bumped when the shape changes. */
  version: 1;
  systems: unknown[];
}

/** The diagram's view model, built from the model and the analysis (pure). */
export { buildDiagramView } from './build';
export type * from './view-model';

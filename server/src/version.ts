/**
 * Topo's version, defined once: package.json's, for the CLI (`--version`, SARIF's tool version)
 * and the language server (`serverInfo`). esbuild inlines the one property.
 */
import { version } from '../../package.json';

export const TOPO_VERSION: string = version;

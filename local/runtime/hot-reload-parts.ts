/** What `eventful start`'s hot reload needs of the runtime, loaded only when it watches. */
export { reloadApp, topologyChange, type AppReloadOptions, type TopologyChange } from './app-reload.ts';
export { shortFunctionNames } from './function-names.ts';

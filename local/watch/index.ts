export { HotReload, type CodeTarget, type HotReloadLog, type HotReloadOptions } from './hot-reload.ts';
export { readBundleSource, type BundleSource } from './bundle-source.ts';
export { Rebundler } from './rebundle.ts';
export { globToRegExp, isWatched, watchFiles, watchSpecFromCdkJson, type FileWatch, type WatchSpec } from './watch-files.ts';

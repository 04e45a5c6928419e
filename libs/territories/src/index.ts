export * from './geo';
export * from './territory-data';
export * from './territory-validation';
export * from './territory-directory';
export * from './france-bounds';
export * from './place-search';
export * from './near-place';

/**
 * Spaces: the sets of valid observations and actions.
 * @module
 */
export { Space, formatShape, shapeSize } from './space.ts';
export { Box } from './box.ts';
export type { Bound } from './box.ts';
export { Discrete } from './discrete.ts';
export { MultiDiscrete } from './multi-discrete.ts';
export { MultiBinary } from './multi-binary.ts';
export { Dict } from './dict.ts';
export type { DictValue } from './dict.ts';
export { Tuple } from './tuple.ts';
export { flatten, unflatten, flatdim, flattenSpace, flatDType } from './flatten.ts';
export { spaceFromJSON } from './from-json.ts';
export type { SpaceJSON, JSONNumber } from './space-json.ts';
export * from './dtype.ts';

/**
 * Traceable entries of a file (its gradient contexts) and the one choice of entry the CLI and the
 * editor share. Pure: no `vscode`, no file system.
 */
export { listEntries, type EntryParam, type EntryRange, type FileEntries, type ModuleCall, type TraceEntry } from './list';
export { entryCandidates, noEntryHint, pickCallableEntry, pickEntry, type EntryPick } from './pick';
export type { TensorRecipe } from './recipe';

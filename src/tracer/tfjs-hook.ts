/**
 * Hooks `require` in the tracer child so that the first time the user's program loads
 * TensorFlow.js, the tfjs recorder is installed on that very module object (the one the user's
 * code calls). Plain-runtime tracing is unaffected.
 */
import Module from 'node:module';
import { installTfjsRecorder, type SourceMapper, type TfjsRecorder } from './tfjs/index';

const TFJS = /^@tensorflow\/tfjs(-core|-node)?$/;
const TFJS_LAYERS = /^@tensorflow\/tfjs(-layers|-node)?$/;

let recorder: TfjsRecorder | null = null;
let failure: string | null = null;
let tfjs: unknown = null;

/** The TensorFlow.js module the program loaded (to build tensor inputs of an entry), if any. */
export function tfjsModule(): unknown {
  return tfjs;
}

/** The installed recorder, if the program loaded tfjs. */
export function tfjsRecorder(): TfjsRecorder | null {
  return recorder;
}

/** Why the recorder could not be installed, if it failed. */
export function tfjsFailure(): string | null {
  return failure;
}

/** Installs the `require` hook. */
export function hookTfjs(file: string, sourceMapper: SourceMapper): void {
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = mod._load;
  mod._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    const m = load.call(this, request, parent, isMain);
    // tfjs loads tfjs-core first (the recorder goes there); its layers arrive with tfjs itself.
    if (recorder && TFJS_LAYERS.test(request)) recorder.attachModule(m);
    if (!recorder && TFJS.test(request)) {
      tfjs = m;
      try {
        recorder = installTfjsRecorder(m, { file, sourceMapper });
      } catch (e) {
        failure = `the tfjs recorder could not be installed: ${(e as Error).message}`;
      }
    }
    return m;
  };
}

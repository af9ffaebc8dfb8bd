/**
 * Entry point of the analysis worker thread (bundled to `dist/analysis-worker.js`). The language
 * server posts jobs here so the synchronous core never runs on the server's message loop, and
 * terminates the thread when a job exceeds its time budget.
 */
import { parentPort } from 'node:worker_threads';
import { isAnalysisJob } from '../core/protocol';
import { runJob } from './analysis-jobs';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js must run as a worker thread');
port.on('message', (msg: unknown) => {
  if (!isAnalysisJob(msg)) return;
  port.postMessage(runJob(msg));
});

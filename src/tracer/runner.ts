/**
 * Entry of the tracer child process (`dist/tracer-runner.js`). It talks to its parent only over
 * the IPC channel with the typed `ToTracer`/`FromTracer` messages; the user's `console` output
 * goes to the child's stdout/stderr, which the parent captures separately.
 */
import { assertNever, type FromTracer, type ToTracer } from '../core/protocol';
import { executeTrace, requestStop } from './execute';
import { executeEstimate, requestEstimateStop } from './estimate';

function send(msg: FromTracer): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

let running = false;

async function handle(msg: ToTracer): Promise<void> {
  switch (msg.type) {
    case 'run': {
      if (running) return;
      running = true;
      const graph = await executeTrace(msg, () => void send({ type: 'running' }));
      await send(graph.error ? { type: 'error', error: graph.error, graph } : { type: 'result', graph });
      process.exit(0);
      break;
    }
    case 'estimate': {
      // The estimator lab (src/tracer/estimate.ts): N draws in this process, progress as it goes.
      if (running) return;
      running = true;
      const report = await executeEstimate(msg, (done, total) => void send({ type: 'estimate-progress', done, total }));
      await send({ type: 'estimate-result', report });
      process.exit(0);
      break;
    }
    case 'cancel':
      // A run waiting for asynchronous user work stops and reports its partial graph; otherwise exit.
      if (!running) process.exit(0);
      requestStop({ message: msg.message ?? 'the trace was cancelled', loc: null, reason: msg.reason ?? 'cancelled' });
      requestEstimateStop({ message: msg.message ?? 'the estimate was cancelled', loc: null, reason: msg.reason ?? 'cancelled' });
      break;
    default:
      assertNever(msg);
  }
}

if (process.send) {
  process.on('message', (m) => void handle(m as ToTracer));
  void send({ type: 'started', pid: process.pid });
}

/**
 * Entry of the tracer child process (`dist/tracer-runner.js`). It talks to its parent only over the
 * result channel (`channel.ts`: newline-delimited JSON on fd 3) with the typed `ToTracer`/`FromTracer`
 * messages; the user's `console` output goes to the child's stdout/stderr, which the parent captures
 * separately and which are flushed before the result is sent, so the output arrives whole.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { assertNever, isToTracer, type FromTracer, type ToTracer } from '../core/protocol';
import { CHANNEL_FD, encodeMessage, LineReader, parseLine } from './channel';
import { executeTrace, requestStop, setChannelHandle } from './execute';

const channel = new net.Socket({ fd: CHANNEL_FD, readable: true, writable: true });
import { executeEstimate, requestEstimateStop } from './estimate';

function send(msg: FromTracer): Promise<void> {
  return new Promise((resolve) => {
    if (channel.destroyed) return resolve();
    channel.write(encodeMessage(msg), () => resolve());
  });
}

/** Resolves once everything written to `stream` so far has been handed to the operating system. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) return resolve();
    stream.write('', () => resolve());
  });
}

let running = false;

async function handle(msg: ToTracer): Promise<void> {
  switch (msg.type) {
    case 'run': {
      if (running) return;
      running = true;
      const graph = await executeTrace(msg, () => void send({ type: 'running' }));
      await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
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

const reader = new LineReader(
  (line) => {
    const parsed = parseLine(line);
    if (parsed.ok && isToTracer(parsed.value)) void handle(parsed.value);
  },
  () => undefined,
);
channel.on('data', (chunk: Buffer) => reader.push(chunk));
/** True when this process leads its own process group (the parent spawned it `detached`). */
function leadsOwnGroup(): boolean {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === process.pid;
  } catch {
    return false;
  }
}

// The parent is gone: end the whole group (this process and everything the program started).
channel.on('close', () => (leadsOwnGroup() ? process.kill(0, 'SIGKILL') : process.exit(1)));
channel.on('error', () => undefined);
setChannelHandle(channel);
void send({ type: 'started', pid: process.pid });

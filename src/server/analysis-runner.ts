/**
 * Runs core analysis jobs on one worker thread, one at a time, each within a time budget. A job that
 * overruns is abandoned by terminating the thread (synchronous code cannot be interrupted any other
 * way); the next job starts a fresh thread. The server's message loop only posts and receives, so it
 * stays responsive whatever the input.
 */
import { Worker } from 'node:worker_threads';
import { isFromAnalysisWorker, type AnalysisJob, type DocumentOverlay, type FromAnalysisWorker } from '../core/protocol';

/** A job as callers write it (the runner numbers it). */
export type JobRequest = AnalysisJob extends infer J ? (J extends AnalysisJob ? Omit<J, 'id'> : never) : never;

/** How a job ended. */
export type JobOutcome =
  | { status: 'done'; answer: FromAnalysisWorker; ms: number }
  | { status: 'timeout'; ms: number }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** The part of an LSP CancellationToken the runner needs. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested?(listener: () => void): unknown;
}

interface Pending {
  job: AnalysisJob;
  token: Cancellation | undefined;
  resolve(outcome: JobOutcome): void;
}

/** Startup (loading the TypeScript compiler into a fresh thread) is not charged to a job's budget. */
const STARTUP_LIMIT_MS = 60_000;

export class AnalysisRunner {
  private worker: Worker | null = null;
  private ready: Promise<boolean> | null = null;
  private readonly queue: Pending[] = [];
  private busy = false;
  private nextId = 1;
  private readonly answers = new Map<number, (answer: FromAnalysisWorker) => void>();
  /** Threads terminated because a job overran its budget (for logs and tests). */
  terminations = 0;
  /** Open documents as the project analysis must see them (set by the workspace). */
  private documents: () => Iterable<{ fileName: string; version: number; text: string }> = () => [];
  /** Version of each open document the current thread has seen (a new thread has seen none). */
  private sent = new Map<string, number>();
  /** Files changed on disk that the current thread has not been told about. */
  private readonly diskChanges = new Set<string>();

  constructor(
    private readonly workerFile: string,
    /** Wall-clock limit of one job in milliseconds. */
    public budgetMs: number,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Starts the thread ahead of the first job, so the first diagnostics do not wait for the compiler to load. */
  warmUp(): void {
    this.ensureWorker();
  }

  /**
   * Where the open documents come from: before each project analysis the thread gets the texts it has
   * not seen (and the documents closed since), so imports of an unsaved file read the editor's text.
   */
  setDocuments(documents: () => Iterable<{ fileName: string; version: number; text: string }>): void {
    this.documents = documents;
  }

  /** A file changed on disk: the next project analysis re-reads it. */
  fileChanged(fileName: string): void {
    this.diskChanges.add(fileName);
  }

  /** The open-document changes and disk changes the thread has not seen yet (recorded as sent). */
  private syncFor(job: AnalysisJob): void {
    if (job.type !== 'analyze' || !job.project) return;
    const overlay: DocumentOverlay[] = [];
    const open = new Set<string>();
    for (const d of this.documents()) {
      open.add(d.fileName);
      if (d.fileName === job.fileName || this.sent.get(d.fileName) === d.version) continue;
      overlay.push({ fileName: d.fileName, text: d.text });
      this.sent.set(d.fileName, d.version);
    }
    for (const f of [...this.sent.keys()]) {
      if (open.has(f)) continue;
      overlay.push({ fileName: f, text: null });
      this.sent.delete(f);
    }
    if (overlay.length) job.overlay = overlay;
    if (this.diskChanges.size) job.changedOnDisk = [...this.diskChanges];
    this.diskChanges.clear();
  }

  /** Queues a job; resolves when it is answered, overruns its budget, is cancelled or fails. */
  run(request: JobRequest, token?: Cancellation): Promise<JobOutcome> {
    return new Promise((resolve) => {
      const job = { ...request, id: this.nextId++ } as AnalysisJob;
      const pending: Pending = { job, token, resolve };
      // A job cancelled while still queued is dropped at once (it never reaches the thread).
      token?.onCancellationRequested?.(() => {
        const i = this.queue.indexOf(pending);
        if (i >= 0) {
          this.queue.splice(i, 1);
          resolve({ status: 'cancelled' });
        }
      });
      this.queue.push(pending);
      void this.pump();
    });
  }

  /** Terminates the thread; queued jobs fail. */
  async dispose(): Promise<void> {
    for (const p of this.queue.splice(0)) p.resolve({ status: 'failed', message: 'the analysis worker was stopped' });
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    await w?.terminate();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    try {
      next.resolve(next.token?.isCancellationRequested ? { status: 'cancelled' } : await this.execute(next.job));
    } finally {
      this.busy = false;
      void this.pump();
    }
  }

  private async execute(job: AnalysisJob): Promise<JobOutcome> {
    const worker = this.ensureWorker();
    if (!(await this.ready)) return { status: 'failed', message: 'the analysis worker did not start' };
    this.syncFor(job);
    const started = performance.now();
    return new Promise<JobOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.answers.delete(job.id);
        this.terminations++;
        this.log(`analysis job ${job.type} exceeded ${this.budgetMs} ms; worker terminated`);
        this.kill(worker);
        resolve({ status: 'timeout', ms: Math.round(performance.now() - started) });
      }, this.budgetMs);
      this.answers.set(job.id, (answer) => {
        clearTimeout(timer);
        resolve({ status: 'done', answer, ms: Math.round(performance.now() - started) });
      });
      this.onWorkerDeath = (message) => {
        clearTimeout(timer);
        this.answers.delete(job.id);
        resolve({ status: 'failed', message });
      };
      worker.postMessage(job);
    });
  }

  private onWorkerDeath: ((message: string) => void) | null = null;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    this.worker = worker;
    // A new thread knows no open document and reads the disk afresh.
    this.sent = new Map();
    this.diskChanges.clear();
    worker.on('message', (msg: unknown) => {
      if (!isFromAnalysisWorker(msg)) return;
      const answer = this.answers.get(msg.id);
      this.answers.delete(msg.id);
      answer?.(msg);
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = null;
      this.log(`analysis worker stopped: ${why}`);
      this.onWorkerDeath?.(why);
    };
    worker.on('error', (e) => died(String(e?.stack ?? e)));
    worker.on('exit', (code) => died(`exit code ${code}`));
    // Warm-up: an empty analysis loads the compiler; its answer means the thread is ready.
    const id = this.nextId++;
    this.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), STARTUP_LIMIT_MS);
      this.answers.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      worker.once('exit', () => resolve(false));
    });
    worker.postMessage({ type: 'analyze', id, fileName: 'warm-up.ts', text: '', options: {} } satisfies AnalysisJob);
    return worker;
  }

  private kill(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    void worker.terminate();
  }
}

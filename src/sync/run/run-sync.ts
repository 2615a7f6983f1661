/**
 * One sync run end to end (S1, S3, S4, S6–S9): request the staff and client lists, stream the client
 * list through the reader while it downloads, commit batches while parsing continues, and finish in
 * one transaction that moves the watermark with the data it covers.
 */
import { AppError, isAppError, toWireError } from '../../domain/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../domain/config';
import { clientListRequest, staffListRequest } from '../../xero/xpm-requests';
import { readStaffList } from '../../xero/xpm-read';
import { pipeXmlBody } from '../../xero/xml-body';
import { ClientListSpanReader } from '../../xero/client-list-spans';
import type { RunKind, RunRecord, RunTrigger } from '../../domain/runs';
import type { SyncOptions } from '../../domain/settings';
import type { SyncState } from '../../domain/sync-state';
import type { Logger, SyncStore } from '../ports';
import { sendXpmRequest, type RequestPolicyEnv, type ResponseObserver } from './request-policy';
import { newRunRecord, resumedRunRecord } from './run-record';
import { SyncSession, sessionResume } from '../session/session';
import { BatchCommitter } from './batch-committer';
import { RunRecorder } from './run-recorder';
import type { RunId, TenantId } from '../../domain/ids';

/** S3: Resync Now asks for changes since the last successful run's start minus this overlap. */
export const WATERMARK_OVERLAP_MS = 10 * 60_000;
/** Clients per transaction: amortises transaction cost, keeps progress moving and a crash cheap. */
export const CLIENT_BATCH_SIZE = 500;

export interface SyncEnv extends RequestPolicyEnv {
  readonly store: SyncStore;
  readonly log: Logger;
  readonly newId: () => string;
}

export interface RunRequest {
  readonly runId: RunId;
  readonly kind: RunKind;
  readonly trigger: RunTrigger;
  /** The proxy's XPM prefix, e.g. http://localhost:8787/xpm/3.1/ */
  readonly xpmBaseUrl: string;
  readonly tenantId: TenantId;
  readonly options: SyncOptions;
  readonly signal: AbortSignal;
  readonly batchSize?: number;
  /** Findings listed in the run's log (default RUN_LOG_FINDINGS_CAP; tests use a small one). */
  readonly logCap?: number;
  /** The response-size guard (config.json's maxResponseBytes, else DEFAULT_MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes?: number;
  /**
   * An interrupted run to continue as itself (S7): `runId`, `kind` and `trigger` must be its own. What
   * it committed is not evaluated or written again; its watermark-to-be and counts carry on.
   */
  readonly resume?: RunRecord;
}

/** Runs one sync and returns its final run record; failures are recorded in it, never thrown. */
export async function runSync(env: SyncEnv, request: RunRequest): Promise<RunRecord> {
  const now = env.clock.now();
  const state = await env.store.readState();
  // A resumed run asks for the same window: the watermark cannot have moved while it was running.
  const modifiedSince =
    request.kind === 'incremental' && state.watermark !== null
      ? Date.parse(state.watermark) - WATERMARK_OVERLAP_MS
      : null;
  // Resync Now without a previous successful run has nothing to be incremental from: it lists everything.
  // After a Resync All that failed part-way (M8) it lists everything too, and so completes that run.
  const completesFull = (state.unfinishedFullRun ?? null) !== null && request.resume === undefined;
  const kind: RunKind = modifiedSince === null || Number.isNaN(modifiedSince) || completesFull ? 'full' : 'incremental';
  const initial = request.resume
    ? resumedRunRecord(request.resume, request.tenantId, now)
    : newRunRecord({ id: request.runId, kind, trigger: request.trigger, tenantId: request.tenantId, now });
  const run = new RunRecorder(initial, env);
  if (state.pausedUntil !== null && state.pausedUntil > now) {
    // S8: nothing is sent before a daily-limit pause ends, scheduled runs included.
    return run.fail(
      toWireError(
        new AppError('xpm/rate-limited', 'Syncing is paused because Xero’s API limit for this practice was reached.', {
          retryAt: state.pausedUntil,
        }),
      ),
      'paused',
    );
  }
  try {
    // For a resumed run this is the takeover: from here the interrupted attempt cannot write.
    await env.store.putRun(run.snapshot());
  } catch (error) {
    return run.fail(toWireError(error), 'failed');
  }
  try {
    const counts = await execute(
      env,
      request,
      run,
      kind === 'incremental' ? (modifiedSince ?? undefined) : undefined,
      state,
    );
    env.log.info('sync-run-finished', { runId: request.runId, kind, status: 'succeeded', clients: counts });
    return run.snapshot();
  } catch (error) {
    // An abort carries its cause (a cancel, a takeover by another tab) as the signal's reason.
    const reason: unknown = request.signal.aborted ? request.signal.reason : undefined;
    const wire = toWireError(isAppError(reason) ? reason : error);
    if (wire.code === 'internal')
      env.log.error('sync-run-internal-error', { runId: request.runId, error: String(error) });
    const status =
      wire.code === 'sync/cancelled' ? 'cancelled' : wire.code === 'xpm/rate-limited' ? 'paused' : 'failed';
    env.log.warn('sync-run-ended', { runId: request.runId, status, code: wire.code });
    return run.fail(wire, status);
  }
}

async function execute(
  env: SyncEnv,
  request: RunRequest,
  run: RunRecorder,
  modifiedSince: number | undefined,
  state: SyncState,
): Promise<number> {
  // The run's own signal: aborted however the run ends, so a request still retrying or downloading
  // in parallel (the other of the two calls) stops with it instead of outliving the run.
  const controller = new AbortController();
  const stop = () => controller.abort(request.signal.reason);
  if (request.signal.aborted) stop();
  else request.signal.addEventListener('abort', stop, { once: true });
  try {
    return await executeRun(env, request, run, modifiedSince, state, controller.signal);
  } finally {
    request.signal.removeEventListener('abort', stop);
    if (!controller.signal.aborted) controller.abort(new DOMException('The run has ended.', 'AbortError'));
  }
}

async function executeRun(
  env: SyncEnv,
  request: RunRequest,
  run: RunRecorder,
  modifiedSince: number | undefined,
  state: SyncState,
  signal: AbortSignal,
): Promise<number> {
  const fullPass = modifiedSince === undefined;
  const resume = request.resume ? sessionResume(await env.store.batchOutcomes(request.runId)) : undefined;
  const session = new SyncSession(
    { store: env.store, clock: env.clock, newId: env.newId },
    {
      runId: request.runId,
      fullPass,
      options: request.options,
      startedAt: run.snapshot().startedAt,
      ...(resume ? { resume } : {}),
      ...(request.logCap === undefined ? {} : { logCap: request.logCap }),
    },
  );
  run.attach(session);
  if (modifiedSince !== undefined) run.patch({ modifiedSince: new Date(modifiedSince).toISOString().slice(0, 19) });
  const observer: ResponseObserver = {
    onSent: () => run.sent(),
    onResponse: (response, limits) => run.observe(response, limits.dayRemaining),
    onWait: (wait) => run.waiting(wait),
  };
  const call = (accessToken: string, s: AbortSignal) => ({
    baseUrl: request.xpmBaseUrl,
    accessToken,
    tenantId: request.tenantId,
    signal: s,
  });

  // S8: a run interrupted while it waited for Xero's Retry-After (a reload, a closed tab) still owes
  // that wait: the resumed attempt sends nothing, to either list, before it ends.
  const owed = request.resume?.wait ?? null;
  if (owed !== null && owed.reason === 'rate-limit' && owed.until > env.clock.now()) {
    run.waiting(owed);
    await env.clock.sleep(owed.until - env.clock.now(), signal);
  }

  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // S8: two calls at most in flight — the staff list (small) and the client list (large) together.
  const staffPromise = sendXpmRequest(
    env,
    'staff.api/list',
    (t, s) => staffListRequest(call(t, s)),
    signal,
    observer,
  ).then((r) => readStaffList(r, { signal, maxBytes }));
  const clientsPromise = sendXpmRequest(
    env,
    'client.api/list',
    (t, s) => clientListRequest(call(t, s), modifiedSince === undefined ? {} : { modifiedSince }),
    signal,
    observer,
  );
  // Neither rejection may go unobserved while the other is awaited.
  staffPromise.catch(() => undefined);
  clientsPromise.catch(() => undefined);

  const staff = await staffPromise;
  await session.applyStaff(staff, () => run.snapshot());
  const response = await clientsPromise;

  run.patch({ phase: 'downloading', bytesExpected: contentLength(response) });
  const batchSize = request.batchSize ?? CLIENT_BATCH_SIZE;
  const committer = new BatchCommitter(session, () => run.snapshot());
  const reader = new ClientListSpanReader(session.spanPolicy(), (read) => {
    run.clientRead();
    committer.add(read);
  });
  try {
    await pipeXmlBody(response, reader, {
      maxBytes,
      signal,
      onBytes: (bytes) => run.bytes(bytes),
      afterChunk: () => {
        run.progress();
        return committer.flushIfFull(batchSize);
      },
    });
    reader.end();
    run.patch({ phase: 'saving' });
    await committer.flushAll();
  } catch (error) {
    // The failure is recorded as what the store holds: the commit in flight lands (or fails) first.
    await committer.settle();
    throw error;
  }
  assertComplete(run.read, session.committedProgress().clientsProcessed);

  run.patch({ phase: 'finishing' });
  const finishedAt = env.clock.now();
  const watermark = run.snapshot().serverDate ?? new Date(run.snapshot().startedAt).toISOString();
  await session.finish({
    state: (previous) => ({
      ...previous,
      watermark,
      lastSuccessAt: finishedAt,
      lastFullSuccessAt: fullPass ? finishedAt : (previous.lastFullSuccessAt ?? state.lastFullSuccessAt),
      lastRunId: request.runId,
      pausedUntil: null,
      // A complete listing completes any Resync All that failed part-way (M8).
      ...(fullPass ? { unfinishedFullRun: null } : {}),
    }),
    run: (counts) => run.complete(counts, finishedAt),
  });
  return session.clientsProcessed;
}

/**
 * The completeness check (M8): every client read from the answer was committed before the run may
 * finish and move the watermark. A gap is a defect, never a success; the next run reads them again.
 */
function assertComplete(read: number, committed: number): void {
  if (read !== committed) {
    throw new AppError(
      'internal',
      `The sync read ${read} clients from XPM but saved ${committed}, so it stopped before finishing; the next run reads them again.`,
    );
  }
}

function contentLength(response: Response): number | null {
  const value = response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** The sync worker's API: connecting to Xero and a practice (C1–C3, C6) and the first-sync preview. */
import { AppError, toWireError } from '../domain/errors';
import type { Result } from '../domain/result';
import { type AppConfig, DEFAULT_MAX_RESPONSE_BYTES, proxyBase } from '../domain/config';
import { readConnection, readSettings } from '../storage/kv';
import { markAllDisconnected } from '../storage/mark-disconnected';
import { refreshListHeads } from '../storage/list-heads';
import { connectionsRequest, deleteConnectionRequest } from '../xero/connection-requests';
import { readConnections, practiceConnections } from '../xero/connections';
import { clientListRequest, staffListRequest } from '../xero/xpm-requests';
import { readClientList, readStaffList } from '../xero/xpm-read';
import type { XpmClient, XpmStaff } from '../xero/types';
import { sendXpmRequest } from '../sync/run/request-policy';
import { planImport } from '../sync/plan';
import type { ConnectResume, PendingAuthorization, Practice, PreviewCounts } from './protocol';
import { resumableConnectStep } from '../domain/connection';
import { XeroAuth } from './xero-auth';
import { requireAppConfig } from './app-config';
import { NO_OP_OBSERVER, type WorkerContext } from './worker-context';
import type { PracticeSwitchChoice } from '../domain/practice';
import { guardPracticeSwitch } from './api-practice';

/** Connection names are labels in the UI; longer input is cut. */
export const MAX_CONNECTION_NAME_CHARS = 100;

export function connectionMethods(ctx: WorkerContext, onConfigured: () => void) {
  async function listPractices(a: XeroAuth, c: AppConfig): Promise<Practice[]> {
    const signal = new AbortController().signal;
    const response = await sendXpmRequest(
      ctx.env(a),
      'connections',
      (token, s) => connectionsRequest(`${proxyBase(c)}/connections`, token, s),
      signal,
      NO_OP_OBSERVER,
    );
    return practiceConnections(await readConnections(response)).map((connection) => ({
      tenantId: connection.tenantId,
      connectionId: connection.id,
      name: connection.tenantName,
    }));
  }

  return {
    /** Loads the runtime configuration into the worker (called once after the worker starts). */
    configure: (candidate: AppConfig): Promise<Result<void>> =>
      ctx.guard('configure', async () => {
        const parsed = requireAppConfig(candidate);
        ctx.config = parsed;
        ctx.auth = new XeroAuth(parsed, {
          vault: ctx.vault,
          fetch: ctx.deps.fetch,
          now: ctx.deps.now,
          locks: ctx.deps.locks,
        });
        onConfigured();
      }),

    /** Creates the PKCE verifier, state and the authorize URL for a new connection (C1). */
    beginAuthorization: (
      redirectUri: string,
    ): Promise<Result<{ readonly url: string; readonly pending: PendingAuthorization }>> =>
      ctx.guard('beginAuthorization', async () => {
        const { auth: a } = ctx.ready();
        return a.begin(redirectUri);
      }),

    /** Validates the callback, exchanges the code and lists the XPM practices (C1, C2). */
    completeAuthorization: (
      callbackUrl: string,
      pending: PendingAuthorization,
    ): Promise<Result<{ readonly practices: Practice[] }>> =>
      ctx.guard('completeAuthorization', async () => {
        const { auth: a, config: c } = ctx.ready();
        await a.complete(callbackUrl, pending);
        const practices = await listPractices(a, c);
        ctx.offeredPractices = practices;
        await ctx.applyConnectionEvent({ type: 'signed-in' });
        return { practices };
      }),

    /**
     * After /callback was reloaded or opened again without a sign-in in progress: the connect step to
     * resume (the practices listed again from Xero when it is the choice), or 'start-again' (C1–C3).
     */
    resumeConnect: (): Promise<Result<ConnectResume>> =>
      ctx.guard('resumeConnect', async (): Promise<ConnectResume> => {
        const { auth: a, config: c } = ctx.ready();
        const connection = await readConnection(ctx.db);
        const step = resumableConnectStep(connection, await a.hasTokens());
        switch (step) {
          case 'choose': {
            const practices = await listPractices(a, c);
            ctx.offeredPractices = practices;
            return { step, practices };
          }
          case 'preview':
            return { step, practiceName: connection.practiceName ?? connection.name ?? 'your practice' };
          case 'done':
          case 'start-again':
            return { step };
        }
      }),

    /**
     * Chooses the practice and names the connection (C2, C3). With records of another practice stored,
     * `onOtherPractice` is the user's answer to the practice guard's confirmation (C4, api-practice.ts).
     */
    choosePractice: (
      practice: Practice,
      connectionName: string,
      onOtherPractice?: PracticeSwitchChoice,
    ): Promise<Result<void>> =>
      ctx.guard('choosePractice', async () => {
        const offered = ctx.offeredPractices.find(
          (p) => p.tenantId === practice.tenantId && p.connectionId === practice.connectionId,
        );
        if (!offered)
          throw new AppError(
            'input/invalid',
            'That practice is not one of those Xero connected. Connect again and choose from the list.',
          );
        const name = connectionName.trim().slice(0, MAX_CONNECTION_NAME_CHARS) || offered.name;
        await guardPracticeSwitch(ctx, offered, onOtherPractice);
        // Reconnecting the same practice after "reconnect needed" carries on; with another practice the
        // user sees the first-sync preview and Start sync again (C3) (reduceConnection).
        await ctx.applyConnectionEvent({
          type: 'connected',
          tenantId: offered.tenantId,
          connectionId: offered.connectionId,
          practiceName: offered.name,
          name,
          at: ctx.deps.now(),
        });
      }),

    /** Counts of what a first sync would import, without storing anything (C3). */
    preview: (): Promise<Result<PreviewCounts>> =>
      ctx.guard('preview', async (): Promise<PreviewCounts> => {
        const { auth: a, config: c } = ctx.ready();
        const connection = await ctx.connected();
        await ctx.assertNotPaused('so the preview has to wait');
        // Aborted however the preview ends, so neither of the two calls outlives it.
        const controller = new AbortController();
        const signal = controller.signal;
        const call = (token: string, s: AbortSignal) => ({
          baseUrl: `${proxyBase(c)}/xpm/3.1/`,
          accessToken: token,
          tenantId: connection.tenantId,
          signal: s,
        });
        const clients: XpmClient[] = [];
        let staff: XpmStaff[] = [];
        try {
          const [staffResponse, clientResponse] = await Promise.all([
            sendXpmRequest(
              ctx.env(a),
              'staff.api/list',
              (t, s) => staffListRequest(call(t, s)),
              signal,
              NO_OP_OBSERVER,
            ),
            sendXpmRequest(
              ctx.env(a),
              'client.api/list',
              (t, s) => clientListRequest(call(t, s)),
              signal,
              NO_OP_OBSERVER,
            ),
          ]);
          const maxBytes = c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
          staff = await readStaffList(staffResponse, { signal, maxBytes });
          await readClientList(clientResponse, (client) => clients.push(client), { signal, maxBytes });
        } finally {
          controller.abort(new DOMException('The preview has ended.', 'AbortError'));
        }
        const plan = await planImport({ staff, clients }, await readSettings(ctx.db));
        const rejectedRecords = new Set(
          plan.rejected.map((r) => `${r.entity}|${r.clientId}|${r.contactId}|${r.staffId}`),
        );
        return {
          contacts: plan.contacts.length,
          clients: plan.clients.length,
          staff: plan.staff.length,
          rejections: rejectedRecords.size,
          skipped: plan.skipped.length,
        };
      }),

    /** Revokes, deletes the Xero connection and keeps the local data as manual/disconnected (C6). */
    disconnect: (): Promise<Result<void>> =>
      ctx.guard('disconnect', async () => {
        const { auth: a, config: c } = ctx.ready();
        // Stop a run in any tab, then wait until it has let go of the run lock, so no batch can
        // land after the records were turned into disconnected ones.
        ctx.cancelLocalRun('Disconnecting.');
        ctx.deps.control.post({ type: 'cancel' });
        await ctx.deps.runLock.run(async () => {
          const connection = await readConnection(ctx.db);
          if (connection.connectionId !== null && (await a.hasTokens())) {
            // Best effort: the local disconnect must happen even when Xero cannot be reached.
            await sendXpmRequest(
              ctx.env(a),
              'connections',
              (token, s) =>
                deleteConnectionRequest(`${proxyBase(c)}/connections`, token, connection.connectionId ?? '', s),
              new AbortController().signal,
              NO_OP_OBSERVER,
            )
              .then((response) => response.body?.cancel())
              .catch((error: unknown) =>
                ctx.deps.log.warn('disconnect-delete-connection-failed', { code: toWireError(error).code }),
              );
          }
          await a.revoke();
          await markAllDisconnected(ctx.db, ctx.deps.now());
          await refreshListHeads(ctx.db);
          await ctx.applyConnectionEvent({ type: 'disconnected' });
        });
      }),
  };
}

/**
 * /callback, where Xero's sign-in returns (C1–C3). The pending authorization is taken (read and
 * deleted) from sessionStorage and the code and state are removed from the address bar BEFORE the
 * worker sees the callback, so a reload or a shared URL can never replay it. Then: choose the
 * practice, name the connection, see the preview, Start sync or Later.
 */
import { createSignal, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import type { WireError } from '../../domain/errors';
import type { Practice, PreviewCounts } from '../../worker/protocol';
import { takePendingAuthorization } from '../pending-authorization';
import { readConnection } from '../../storage/kv';
import { useAppState } from '../app-state';
import { callWorker, useServices } from '../services';
import { usePageTitle } from '../primitives/usePageTitle';
import { ConnectButton } from '../components/ConnectButton';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { PracticePicker } from '../components/sync/PracticePicker';
import { FirstSyncPreview } from '../components/sync/FirstSyncPreview';
import { PracticeSwitchConfirm } from '../components/sync/PracticeSwitchConfirm';
import type { PracticeSwitch, PracticeSwitchChoice } from '../../domain/practice';

type Step =
  | { readonly kind: 'signing-in' }
  /** Reloaded or reopened with nothing to resume: say so plainly, no error (issue M5 item 6). */
  | { readonly kind: 'start-again' }
  | { readonly kind: 'failed'; readonly error: WireError }
  | {
      readonly kind: 'choose';
      readonly practices: readonly Practice[];
      readonly busy: boolean;
      readonly error: WireError | null;
    }
  | {
      readonly kind: 'confirm-switch';
      readonly practices: readonly Practice[];
      readonly practice: Practice;
      readonly name: string;
      readonly offer: PracticeSwitch;
      readonly busy: boolean;
    }
  | { readonly kind: 'previewing'; readonly practiceName: string }
  | { readonly kind: 'preview'; readonly practiceName: string; readonly counts: PreviewCounts }
  | { readonly kind: 'preview-failed'; readonly practiceName: string; readonly error: WireError };

/** No pending authorization in this tab: a replayed, bookmarked or other-tab callback. Nothing is sent to Xero. */
export const MISSING_PENDING_ERROR: WireError = {
  code: 'auth/callback-invalid',
  message:
    'This sign-in link has expired or was already used (or sign-in was started in another tab), so it was not used.',
  retryable: false,
  detail: {},
};

/** Xero's answer is in the address: a fresh callback, or a replayed or bookmarked one. */
function carriesXeroAnswer(location: Pick<Location, 'search'>): boolean {
  const params = new URLSearchParams(location.search);
  return params.has('code') || params.has('state') || params.has('error');
}

/** The callback URL without its query and fragment (what stays in the address bar and history). */
export function cleanCallbackUrl(location: Pick<Location, 'pathname'>): string {
  return location.pathname;
}

export default function CallbackPage(): JSX.Element {
  usePageTitle('Connecting');
  const services = useServices();
  const app = useAppState();
  const navigate = useNavigate();
  const [step, setStep] = createSignal<Step>({ kind: 'signing-in' });

  const loadPreview = async (practiceName: string) => {
    setStep({ kind: 'previewing', practiceName });
    const preview = await callWorker(services, (api) => api.preview());
    setStep(
      preview.ok
        ? { kind: 'preview', practiceName, counts: preview.value }
        : { kind: 'preview-failed', practiceName, error: preview.error },
    );
  };

  onMount(async () => {
    const callbackUrl = window.location.href;
    const fromXero = carriesXeroAnswer(window.location);
    const pending = takePendingAuthorization(window.sessionStorage);
    window.history.replaceState(window.history.state, '', cleanCallbackUrl(window.location));
    if (pending === null && !fromXero) {
      // This page was reloaded (its address was cleaned) or opened again: pick connecting up where
      // the stored connection says it stands, never an error next to a header saying "Connected".
      await resume();
      return;
    }
    if (pending === null) {
      setStep({ kind: 'failed', error: MISSING_PENDING_ERROR });
      return;
    }
    const result = await callWorker(services, (api) => api.completeAuthorization(callbackUrl, pending));
    setStep(
      result.ok
        ? { kind: 'choose', practices: result.value.practices, busy: false, error: null }
        : { kind: 'failed', error: result.error },
    );
  });

  const resume = async () => {
    const result = await callWorker(services, (api) => api.resumeConnect());
    if (!result.ok) {
      setStep({ kind: 'failed', error: result.error });
      return;
    }
    const at = result.value;
    switch (at.step) {
      case 'choose':
        setStep({ kind: 'choose', practices: at.practices, busy: false, error: null });
        return;
      case 'preview':
        await loadPreview(at.practiceName);
        return;
      case 'done':
        navigate('/sync', { replace: true });
        return;
      case 'start-again':
        setStep({ kind: 'start-again' });
        return;
    }
  };

  const choose = async (practices: readonly Practice[], practice: Practice, name: string) => {
    setStep({ kind: 'choose', practices, busy: true, error: null });
    // C4: records of another practice are stored → the user confirms what happens to them first.
    const offer = await callWorker(services, (api) => api.practiceSwitch(practice));
    if (!offer.ok) {
      setStep({ kind: 'choose', practices, busy: false, error: offer.error });
      return;
    }
    if (offer.value !== null) {
      setStep({ kind: 'confirm-switch', practices, practice, name, offer: offer.value, busy: false });
      return;
    }
    await commitChoice(practices, practice, name);
  };

  const commitChoice = async (
    practices: readonly Practice[],
    practice: Practice,
    name: string,
    onOtherPractice?: PracticeSwitchChoice,
  ) => {
    const result = await callWorker(services, (api) =>
      onOtherPractice === undefined
        ? api.choosePractice(practice, name)
        : api.choosePractice(practice, name, onOtherPractice),
    );
    if (!result.ok) {
      setStep({ kind: 'choose', practices, busy: false, error: result.error });
      return;
    }
    // A reconnect of the practice already syncing carries on: no first-sync preview (C3, C5).
    if ((await readConnection(services.db)).firstSyncStarted) {
      navigate('/sync');
      return;
    }
    await loadPreview(practice.name);
  };

  const startSync = () => {
    // The run's call returns only when the run ends; progress is on the Sync page meanwhile.
    void app.runs.start('full', 'first');
    navigate('/sync');
  };
  const later = () => navigate('/sync');

  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Connect to Xero Practice Manager</h2>
      <Switch>
        <Match when={step().kind === 'signing-in'}>
          <p role="status">Finishing sign-in with Xero…</p>
        </Match>
        <Match when={step().kind === 'start-again'}>
          <div class="panel" role="status">
            <p>
              Connecting was interrupted before it finished (the page was reloaded or opened again), so there is nothing
              to pick up here. Nothing was changed. Start again:
            </p>
            <ConnectButton />
          </div>
        </Match>
        <Match when={narrow(step(), 'failed')}>
          {(s) => (
            <ErrorExplanation error={s().error} role="alert">
              <ConnectButton label="Try again" />
            </ErrorExplanation>
          )}
        </Match>
        <Match when={narrow(step(), 'choose')}>
          {(s) => (
            <>
              <PracticePicker
                practices={s().practices}
                busy={s().busy}
                onContinue={(practice, name) => void choose(s().practices, practice, name)}
              />
              <Show when={s().error}>{(error) => <ErrorExplanation error={error()} role="alert" />}</Show>
            </>
          )}
        </Match>
        <Match when={narrow(step(), 'confirm-switch')}>
          {(s) => (
            <PracticeSwitchConfirm
              offer={s().offer}
              busy={s().busy}
              onConfirm={(choice) => {
                setStep({ ...s(), busy: true });
                void commitChoice(s().practices, s().practice, s().name, choice);
              }}
              onCancel={() => setStep({ kind: 'choose', practices: s().practices, busy: false, error: null })}
            />
          )}
        </Match>
        <Match when={narrow(step(), 'previewing')}>
          {(s) => <p role="status">Connected to {s().practiceName}. Counting what the first sync would import…</p>}
        </Match>
        <Match when={narrow(step(), 'preview')}>
          {(s) => (
            <FirstSyncPreview
              practiceName={s().practiceName}
              counts={s().counts}
              busy={false}
              onStart={startSync}
              onLater={later}
            />
          )}
        </Match>
        <Match when={narrow(step(), 'preview-failed')}>
          {(s) => (
            <ErrorExplanation error={s().error} role="alert" lead="The preview could not be made: ">
              <button type="button" class="button" onClick={() => void loadPreview(s().practiceName)}>
                Try again
              </button>
              <button type="button" class="button" onClick={later}>
                Later
              </button>
            </ErrorExplanation>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** The step if it is of `kind` (for <Match when>), else false. */
function narrow<K extends Step['kind']>(step: Step, kind: K): Extract<Step, { kind: K }> | false {
  return step.kind === kind ? (step as Extract<Step, { kind: K }>) : false;
}

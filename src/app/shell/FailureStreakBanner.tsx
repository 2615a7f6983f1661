/**
 * S10: the banner shown on every page while syncing has failed several times in a row — the last
 * error in plain words and what to do, when syncing last worked, and who to tell. Its live region is
 * always in the page (polite), so the banner appearing or its count changing is read out without
 * interrupting; a region inserted together with its text is often not read.
 */
import { Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { responsibleLabel } from '../../domain/notification-settings';
import { useAppState } from '../app-state';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { type FailureNotices, lastSuccessText } from '../failure-notices';

function mailto(email: string, count: number): string {
  const subject = `XPM Contact Sync has failed ${count} times in a row`;
  return `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}`;
}

export function FailureStreakBanner(props: {
  readonly notices: FailureNotices;
  /** The last error is explained in full nearby (the Sync page's Last sync card): name it only. */
  readonly compact?: boolean;
}): JSX.Element {
  const app = useAppState();
  const latest = () => (props.notices.active() ? props.notices.streak().latest : null);
  const settings = () => props.notices.settings();
  return (
    <div class="live-banner" role="status" aria-live="polite">
      <Show when={latest()}>
        {(run) => (
          <div class="banner error" data-testid="failure-streak-banner">
            <div>
              <p>
                <strong>Syncing has failed {props.notices.streak().count} times in a row.</strong>{' '}
                {lastSuccessText(app.syncState().lastSuccessAt)}
              </p>
              <Show when={run().error} fallback={<p>The reason was not recorded. See the run log.</p>}>
                {(error) => (
                  <ErrorExplanation error={error()} lead="The last error: " compact={props.compact === true} />
                )}
              </Show>
              <Show when={responsibleLabel(settings())}>
                <p>
                  Tell {settings().responsibleName ?? ''}
                  <Show when={settings().responsibleEmail}>
                    {(email) => (
                      <>
                        {settings().responsibleName === null ? '' : ' ('}
                        <a href={mailto(email(), props.notices.streak().count)}>{email()}</a>
                        {settings().responsibleName === null ? '' : ')'}
                      </>
                    )}
                  </Show>
                  .
                </p>
              </Show>
            </div>
            <A href="/monitoring">See the run log</A>
          </div>
        )}
      </Show>
    </div>
  );
}

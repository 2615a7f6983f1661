/**
 * Settings → Failure notifications (S10, U4): system notifications on or off, and who is responsible
 * for the sync (named in the banner). Turning notifications on asks the browser's permission, from
 * that click only. A name or email that cannot be stored stays in its field with a message saying
 * what is wrong; the stored value is kept until a valid one replaces it.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import {
  checkResponsibleEmail,
  checkResponsibleName,
  type NotificationSettings as NotificationValues,
} from '../../domain/notification-settings';
import { ValidatedField } from './settings/ValidatedField';
import { browserNotifications, type PermissionState, type SystemNotifications } from '../system-notifications';

/** Why notifications cannot be on, in words, for a permission the browser gave. */
function permissionProblem(permission: PermissionState): string | null {
  switch (permission) {
    case 'granted':
      return null;
    case 'denied':
      return 'This browser blocks notifications from this app. Allow them in the site’s settings (the icon beside the address), then turn notifications on again.';
    case 'default':
      return 'Notifications are not on: the browser’s question was closed without an answer. Turn them on again and choose Allow.';
    case 'unsupported':
      return 'This browser cannot show system notifications. The banner in the app still appears.';
  }
}

export function NotificationSettings(props: {
  readonly settings: NotificationValues;
  readonly update: (change: Partial<NotificationValues>) => Promise<void>;
  readonly system?: SystemNotifications;
}): JSX.Element {
  const system = (): SystemNotifications => props.system ?? browserNotifications;
  const [permission, setPermission] = createSignal<PermissionState>(system().permission());
  // The answer to this tab's last request, until the next one.
  const [refused, setRefused] = createSignal<string | null>(null);

  const toggle = async (input: HTMLInputElement) => {
    if (!input.checked) {
      setRefused(null);
      await props.update({ notificationsEnabled: false });
      return;
    }
    // Asked here, synchronously inside the click's handler: browsers only ask when the user acted.
    const answer = await system().requestPermission();
    setPermission(answer);
    if (answer === 'granted') {
      setRefused(null);
      await props.update({ notificationsEnabled: true });
    } else {
      input.checked = false;
      setRefused(permissionProblem(answer));
    }
  };
  // On, but the browser's permission has since been taken back (site settings): say so.
  const blockedNow = () => {
    if (!props.settings.notificationsEnabled || refused() !== null) return null;
    return permission() === 'default'
      ? 'The browser no longer allows this app’s notifications. Turn notifications off and on again to allow them.'
      : permissionProblem(permission());
  };

  return (
    <>
      <h3>Failure notifications</h3>
      <p class="hint">
        After 3 failed syncs in a row, a banner on every page says what went wrong, what to do and when syncing last
        worked. With notifications on, this computer also shows a system notification (at most one a day) and a badge on
        the installed app’s icon. Nothing is emailed: the app runs only in this browser and has no mail server, so the
        person below is named in the banner for whoever sees it.
      </p>
      <div class="field checkbox">
        <input
          id="notifications-enabled"
          type="checkbox"
          aria-describedby="notifications-enabled-hint"
          checked={props.settings.notificationsEnabled}
          disabled={permission() === 'unsupported'}
          onChange={(event) => void toggle(event.currentTarget)}
        />
        <label for="notifications-enabled">Notify me when syncing keeps failing</label>
        <span id="notifications-enabled-hint" class="hint">
          {permission() === 'unsupported'
            ? (permissionProblem('unsupported') ?? '')
            : 'A system notification and the app badge after 3 failed syncs in a row. The browser asks for permission when you turn this on.'}
        </span>
      </div>
      <Show when={refused() ?? blockedNow()}>
        {(message) => (
          <p class="notice warning" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <ValidatedField
        id="responsible-name"
        show={(value) => value ?? ''}
        label="Name of the person responsible"
        type="text"
        autocomplete="name"
        stored={props.settings.responsibleName}
        check={checkResponsibleName}
        save={(value) => props.update({ responsibleName: value })}
      />
      <ValidatedField
        id="responsible-email"
        show={(value) => value ?? ''}
        label="Email of the person responsible"
        type="email"
        autocomplete="email"
        stored={props.settings.responsibleEmail}
        check={checkResponsibleEmail}
        save={(value) => props.update({ responsibleEmail: value })}
      />
    </>
  );
}

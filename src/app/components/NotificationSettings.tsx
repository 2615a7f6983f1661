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
  type FieldCheck,
  type NotificationSettings as NotificationValues,
} from '../../domain/notification-settings';
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

/** A text setting saved when the field is left (or Enter is pressed), only once it is valid. */
function PersonField(props: {
  readonly id: string;
  readonly label: string;
  readonly type: 'text' | 'email';
  readonly autocomplete: string;
  readonly stored: string | null;
  readonly check: (text: string) => FieldCheck;
  readonly save: (value: string | null) => Promise<void>;
}): JSX.Element {
  // What the user typed and has not been stored yet; null shows the stored value.
  const [draft, setDraft] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const commit = async (text: string) => {
    const checked = props.check(text);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(null);
    if (checked.value !== props.stored) await props.save(checked.value);
    setDraft(null);
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type}
        autocomplete={props.autocomplete}
        value={draft() ?? props.stored ?? ''}
        aria-invalid={problem() === null ? undefined : 'true'}
        aria-describedby={problem() === null ? undefined : `${props.id}-error`}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={(event) => void commit(event.currentTarget.value)}
      />
      <Show when={problem()}>
        {(message) => (
          <span id={`${props.id}-error`} class="field-error" role="alert">
            {message()}
          </span>
        )}
      </Show>
    </div>
  );
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
      <PersonField
        id="responsible-name"
        label="Name of the person responsible"
        type="text"
        autocomplete="name"
        stored={props.settings.responsibleName}
        check={checkResponsibleName}
        save={(value) => props.update({ responsibleName: value })}
      />
      <PersonField
        id="responsible-email"
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

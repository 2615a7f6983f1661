/**
 * Settings (U4): default country for mobiles, default partner, include archived clients, rescue
 * numbers with notes, hourly sync, failure notifications. Each change is saved to IndexedDB at once
 * (kv 'settings') and confirmed with a visible "Saved"; changes apply from the next sync and never
 * start one.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { Settings } from '../../domain/settings';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { readSettings } from '../../storage/kv';
import { allStaff } from '../../storage/queries';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { APP_NAME, usePageTitle } from '../primitives/usePageTitle';
import { countryOptions } from '../countries';
import { StorageSection } from '../components/StorageSection';
import { NO_INSTALL_OFFER } from '../pwa/install';
import { NotificationSettings } from '../components/NotificationSettings';
import { RunHistorySettings } from '../components/RunHistorySettings';
import { updateSettings } from '../../storage/kv';
import { DefaultPartnerField } from '../components/settings/DefaultPartnerField';
import { DataSection } from '../components/settings/DataSection';

type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved' }
  | { readonly kind: 'failed' };

export default function SettingsPage(): JSX.Element {
  usePageTitle('Settings');
  const { db } = useServices();
  const settings = createLiveQuery(() => readSettings(db), DEFAULT_SETTINGS);
  const staff = createLiveQuery(() => allStaff(db), []);
  const countries = countryOptions();
  const [save, setSave] = createSignal<SaveState>({ kind: 'idle' });

  // Several quick changes may be in flight; "Saved" only once the last of them is stored.
  let inFlight = 0;
  const update = async (change: Partial<Settings>) => {
    inFlight += 1;
    setSave({ kind: 'saving' });
    let failed = false;
    try {
      await updateSettings(db, change);
    } catch {
      failed = true;
    }
    inFlight -= 1;
    if (failed) setSave({ kind: 'failed' });
    else if (inFlight === 0 && save().kind !== 'failed') setSave({ kind: 'saved' });
  };

  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Settings</h2>
      <p class="hint">
        Changes are saved as you make them and apply from the next sync. Use Resync All to apply them to every record.
      </p>
      <p class="save-state" role="status" data-state={save().kind}>
        {save().kind === 'saving' ? 'Saving…' : save().kind === 'saved' ? 'Saved' : ''}
      </p>
      <Show when={save().kind === 'failed'}>
        <p class="notice error" role="alert">
          The setting could not be saved in this browser’s storage. Reload the page and try again.
        </p>
      </Show>
      <Show when={settings.loaded()} fallback={<p class="hint">Loading settings…</p>}>
        <form class="panel settings" onSubmit={(event) => event.preventDefault()}>
          <h3>Importing contacts</h3>
          <div class="field">
            <label for="default-country">Default country for mobile numbers</label>
            <select
              id="default-country"
              aria-describedby="default-country-hint"
              value={settings().defaultCountry}
              onChange={(event) => void update({ defaultCountry: event.currentTarget.value })}
            >
              <For each={countries}>
                {(country) => (
                  <option value={country.code}>
                    {country.name} ({country.code})
                  </option>
                )}
              </For>
            </select>
            <span id="default-country-hint" class="hint">
              Numbers written without “+” and a country code are read as numbers of this country. International numbers
              in XPM need the full country code.
            </span>
          </div>
          <SettingCheckbox
            id="rescue-numbers"
            label="Rescue numbers with notes"
            hint="Where a mobile field holds a valid number plus text, such as “0411 111 111 (Leanne)”, import the number (with a warning) instead of rejecting the contact."
            checked={settings().rescueNumbers}
            onChange={(checked) => void update({ rescueNumbers: checked })}
          />

          <h3>Importing clients</h3>
          <DefaultPartnerField
            value={settings().defaultPartnerEmail}
            staff={staff}
            onChange={(email) => void update({ defaultPartnerEmail: email })}
          />
          <SettingCheckbox
            id="include-archived"
            label="Include archived clients"
            hint="Archived clients, and their contacts, are skipped unless this is on."
            checked={settings().includeArchived}
            onChange={(checked) => void update({ includeArchived: checked })}
          />

          <h3>Schedule</h3>
          <SettingCheckbox
            id="schedule-enabled"
            label="Sync every hour while the app is open"
            hint="Runs a Resync Now every hour in one open tab. Turn off to pause the schedule; Resync Now and Resync All still work."
            checked={settings().scheduleEnabled}
            onChange={(checked) => void update({ scheduleEnabled: checked })}
          />

          <NotificationSettings settings={settings()} update={update} />

          <RunHistorySettings settings={settings()} update={update} />
        </form>
      </Show>
      <StorageSection />
      <DataSection />
      <section class="panel" aria-labelledby="about-title">
        <h3 id="about-title">About this app</h3>
        <p>
          {APP_NAME} version <span data-testid="app-version">{__APP_VERSION__}</span>.
        </p>
        <InstallApp />
      </section>
    </section>
  );
}

/** The app installs like any other (U5): the browser's offer where it makes one, else where to find it. */
function InstallApp(): JSX.Element {
  const install = useServices().install ?? NO_INSTALL_OFFER;
  return (
    <>
      <p>
        Installed, the app opens in its own window and starts without a connection too, showing the data in this
        browser.
      </p>
      <Show
        when={install.available()}
        fallback={
          <p class="hint">
            <Show
              when={install.installed()}
              fallback="To install it, use your browser’s menu: Install app (Chrome, Edge) or Add to Home Screen (Safari on iPhone and iPad)."
            >
              Installed. Open it from your desktop, Start menu or home screen.
            </Show>
          </p>
        }
      >
        <button type="button" class="button primary" onClick={() => void install.prompt()}>
          Install app
        </button>
      </Show>
    </>
  );
}

/** One on/off setting with its explanation (the hint is the control's description). */
function SettingCheckbox(props: {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}): JSX.Element {
  return (
    <div class="field checkbox">
      <input
        id={props.id}
        type="checkbox"
        aria-describedby={`${props.id}-hint`}
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
      <span id={`${props.id}-hint`} class="hint">
        {props.hint}
      </span>
    </div>
  );
}

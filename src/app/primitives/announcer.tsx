/**
 * Screen-reader announcements (U6): one polite and one assertive live region for the whole app, so
 * run completions and errors are announced wherever the user is. Regions exist from the first
 * render (a region inserted together with its text is often not read).
 */
import { createContext, createSignal, useContext, type JSX } from 'solid-js';

export type Politeness = 'polite' | 'assertive';
export type Announce = (message: string, politeness?: Politeness) => void;

/**
 * Time between clearing a region and writing the new text: screen readers ignore a region whose text
 * did not change, so repeating the same announcement needs an empty step first.
 */
const REANNOUNCE_GAP_MS = 50;

const AnnouncerContext = createContext<Announce>(() => undefined);

export function AnnouncerProvider(props: { readonly children: JSX.Element }): JSX.Element {
  const [polite, setPolite] = createSignal('');
  const [assertive, setAssertive] = createSignal('');
  const announce: Announce = (message, politeness = 'polite') => {
    const set = politeness === 'assertive' ? setAssertive : setPolite;
    set('');
    setTimeout(() => set(message), REANNOUNCE_GAP_MS);
  };
  return (
    <AnnouncerContext.Provider value={announce}>
      {props.children}
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer-polite">
        {polite()}
      </div>
      <div class="visually-hidden" role="alert" aria-live="assertive" data-testid="announcer-assertive">
        {assertive()}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}

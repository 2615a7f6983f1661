/**
 * Modal layering: while a modal dialog is open, the rest of the app is `inert` and aria-hidden, so
 * keyboard focus and assistive technology (and role-based test locators) only reach the dialog.
 *
 * Closing the last dialog gives the app back and then returns keyboard focus, in that order and in one
 * place (a browser ignores focus() inside an inert subtree, which is how focus used to end up on
 * <body>). Where focus goes is the rule in `returnFocus`: the dialog's opener while it is still in the
 * document and can take focus, else the fallback the page named (`DialogFocusFallback`), else <main>.
 * The return runs once the update that closed the dialog is in the DOM, so an opener that went away
 * with the dialog's action (a deleted record's panel) is seen as gone. Nothing else moves focus when
 * a dialog closes: callers whose action removes the opener close without focusing anything.
 */
import { createContext, createEffect, createSignal, on, useContext, type JSX } from 'solid-js';

/** Where focus goes when a dialog's opener has gone; undefined when that place is not on the page now. */
export type FocusTarget = () => HTMLElement | null | undefined;

/** How a closing dialog returns focus. */
export interface FocusReturn {
  readonly opener: HTMLElement | null;
  /** True when the dialog's action removed the opener (or is about to): go to the fallback. */
  readonly openerGone: boolean;
  readonly fallback: FocusTarget;
}

interface ModalLayer {
  /** The app's frame registers itself: it is what goes inert while a dialog is open. */
  readonly background: (element: HTMLElement) => void;
  readonly push: () => void;
  /** Closes a layer; focus is returned as `focus` says once this update is in the DOM. */
  readonly pop: (focus: FocusReturn) => void;
}

/** The element that takes focus when nothing else can: the page's main region (focusable, tabindex -1). */
const LAST_RESORT: FocusTarget = () => document.querySelector<HTMLElement>('main');

const ModalContext = createContext<ModalLayer>({
  background: () => undefined,
  push: () => undefined,
  pop: (focus) => returnFocus(focus),
});

/** <body> is not a place to return to: it is where focus is lost to (and the opener, in browsers where a click does not focus a button). */
function canTakeFocus(element: HTMLElement): boolean {
  return (
    element !== document.body &&
    element.isConnected &&
    !element.matches(':disabled') &&
    element.closest('[inert], [hidden], [aria-hidden="true"]') === null
  );
}

/**
 * Moves focus once, to the first of opener, fallback and <main> that is on the page and takes it.
 * Returns the element that has focus.
 */
export function returnFocus(focus: FocusReturn): HTMLElement | null {
  const candidates = [focus.openerGone ? null : focus.opener, focus.fallback(), LAST_RESORT()];
  for (const target of candidates) {
    if (target === null || target === undefined || !canTakeFocus(target)) continue;
    target.focus();
    if (document.activeElement === target) return target;
  }
  return null;
}

/** Inert and hidden from assistive technology (an attribute, so jsdom's tests can see it too). */
function setInert(element: HTMLElement | undefined, inert: boolean): void {
  element?.toggleAttribute('inert', inert);
  if (inert) element?.setAttribute('aria-hidden', 'true');
  else element?.removeAttribute('aria-hidden');
}

export function ModalProvider(props: { readonly children: JSX.Element }): JSX.Element {
  // Open dialogs: a plain count, read in cleanups (where reading a signal would subscribe the disposing
  // computation).
  let depth = 0;
  let background: HTMLElement | undefined;
  // Focus returns owed by dialogs closed in the current update. The app stops being inert at once
  // (in pop); the return waits for this user effect, which runs after the update's DOM changes
  // (render effects: the dialog and whatever its action removed), so a vanished opener is seen as gone.
  let owed: FocusReturn[] = [];
  const [closed, setClosed] = createSignal(0);
  createEffect(
    on(
      closed,
      () => {
        if (depth > 0) {
          owed = []; // another dialog is still open (or opened meanwhile): it has focus
          return;
        }
        const last = owed[owed.length - 1];
        owed = [];
        if (last !== undefined) returnFocus(last);
      },
      { defer: true },
    ),
  );
  const layer: ModalLayer = {
    background: (element) => {
      background = element;
      setInert(background, depth > 0);
    },
    push: () => {
      depth += 1;
      setInert(background, true);
    },
    pop: (focus) => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setInert(background, false);
      owed.push(focus);
      setClosed((n) => n + 1);
    },
  };
  return <ModalContext.Provider value={layer}>{props.children}</ModalContext.Provider>;
}

export function useModalLayer(): ModalLayer {
  return useContext(ModalContext);
}

const FallbackContext = createContext<FocusTarget>(LAST_RESORT);

/**
 * Names where focus goes when a dialog opened inside it closes and its opener has gone (a list page:
 * its grid). Dialogs read it.
 */
export function DialogFocusFallback(props: {
  readonly target: FocusTarget;
  readonly children: JSX.Element;
}): JSX.Element {
  return <FallbackContext.Provider value={props.target}>{props.children}</FallbackContext.Provider>;
}

export function useDialogFocusFallback(): FocusTarget {
  return useContext(FallbackContext);
}

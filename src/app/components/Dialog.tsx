/**
 * An accessible modal dialog: rendered at the end of <body>, labelled by its title, focus moved in
 * on open and returned on close by the modal layer's rule (primitives/modal.tsx: the opener if it is
 * still there, else the fallback the page named), Tab kept inside, Escape closes. (Not <dialog>: jsdom
 * has no showModal, and the component tests exercise this dialog.)
 */
import { createUniqueId, onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { useDialogFocusFallback, useModalLayer } from '../primitives/modal';

export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  /** alertdialog for confirmations of consequential actions. */
  readonly role?: 'dialog' | 'alertdialog';
  readonly children: JSX.Element;
  /**
   * Set before closing when the dialog's action removes its opener later than the close (after a
   * disconnect, say): focus goes to the fallback instead of an opener about to vanish.
   */
  readonly openerGone?: boolean;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function DialogBody(props: DialogProps): JSX.Element {
  const titleId = createUniqueId();
  const layer = useModalLayer();
  // Where focus goes when the opener has gone: what the page named (DialogFocusFallback), else <main>.
  const fallback = useDialogFocusFallback();
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let panel: HTMLDivElement | undefined;

  onMount(() => {
    layer.push();
    // The first control that is not destructive: the dialog's last button is its confirmation.
    const first = panel?.querySelector<HTMLElement>('[data-autofocus]') ?? panel?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel)?.focus();
  });
  onCleanup(() => {
    // Untracked: this runs while the computation that closed the dialog re-runs.
    untrack(() => layer.pop({ opener, openerGone: props.openerGone ?? false, fallback }));
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
      return;
    }
    if (event.key !== 'Tab' || panel === undefined) return;
    const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <Portal>
      <div class="dialog-backdrop">
        <div
          ref={panel}
          class="dialog"
          role={props.role ?? 'dialog'}
          aria-modal="true"
          aria-labelledby={titleId}
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          <h2 id={titleId} class="dialog-title">
            {props.title}
          </h2>
          {props.children}
        </div>
      </div>
    </Portal>
  );
}

export function Dialog(props: DialogProps): JSX.Element {
  return (
    <Show when={props.open}>
      <DialogBody {...props} />
    </Show>
  );
}

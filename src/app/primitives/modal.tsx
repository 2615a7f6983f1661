/**
 * Modal layering: while a modal dialog is open, the rest of the app is `inert` and aria-hidden, so
 * keyboard focus and assistive technology (and role-based test locators) only reach the dialog.
 */
import { createContext, createSignal, useContext, type Accessor, type JSX } from 'solid-js';

interface ModalLayer {
  readonly open: Accessor<boolean>;
  readonly push: () => void;
  readonly pop: () => void;
}

const ModalContext = createContext<ModalLayer>({ open: () => false, push: () => undefined, pop: () => undefined });

export function ModalProvider(props: { readonly children: JSX.Element }): JSX.Element {
  const [count, setCount] = createSignal(0);
  const layer: ModalLayer = {
    open: () => count() > 0,
    push: () => setCount((n) => n + 1),
    pop: () => setCount((n) => Math.max(0, n - 1)),
  };
  return <ModalContext.Provider value={layer}>{props.children}</ModalContext.Provider>;
}

export function useModalLayer(): ModalLayer {
  return useContext(ModalContext);
}

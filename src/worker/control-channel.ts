/**
 * Commands between the workers of this app's tabs. Only the tab whose worker runs a sync can abort
 * it, so Cancel and Disconnect in any tab broadcast a cancel that the running worker obeys.
 */
export type ControlMessage = { readonly type: 'cancel' };

export interface ControlChannel {
  post(message: ControlMessage): void;
  /** Messages from other contexts (never this one's own posts, as with BroadcastChannel). */
  subscribe(listener: (message: ControlMessage) => void): () => void;
}

export const CONTROL_CHANNEL_NAME = 'xpm-sync-control';

function isControlMessage(value: unknown): value is ControlMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'cancel';
}

export function broadcastControlChannel(): ControlChannel {
  const channel = new BroadcastChannel(CONTROL_CHANNEL_NAME);
  return {
    post: (message) => channel.postMessage(message),
    subscribe(listener) {
      const onMessage = (event: MessageEvent<unknown>) => {
        if (isControlMessage(event.data)) listener(event.data);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
  };
}

/** Several channels in one context that reach each other (tests with several "tabs"). */
export function localControlHub(): { channel(): ControlChannel } {
  const listeners = new Set<{ owner: object; listener: (message: ControlMessage) => void }>();
  return {
    channel() {
      const owner = {};
      return {
        post(message) {
          for (const entry of [...listeners]) if (entry.owner !== owner) entry.listener(message);
        },
        subscribe(listener) {
          const entry = { owner, listener };
          listeners.add(entry);
          return () => listeners.delete(entry);
        },
      };
    },
  };
}

import { inject } from 'vitest';
import WebSocket from 'ws';

export interface CallStatusMessage {
  type: 'call.status';
  callId: string;
  from: string | null;
  to: string;
  at: string;
}

/** A supervisor client on the stack's websocket, recording every call.status message it is pushed. */
export async function connectSupervisor() {
  const socket = new WebSocket(inject('websocketUrl'));
  const received: CallStatusMessage[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as CallStatusMessage;
    if (message.type === 'call.status') received.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    received,
    /**
     * The transitions seen for one call, in arrival order, as "from->to". Status events are published
     * at least once (see README, Call lifecycle), so a repeat of a transition already seen is dropped,
     * as the supervisor page does.
     */
    transitionsOf: (callId: string) => [...new Set(received.filter((m) => m.callId === callId).map((m) => `${m.from}->${m.to}`))],
    close: () => socket.close(),
  };
}

import type { CallStatusMessage } from './call-status';

/** A supervisor's websocket connection, as recorded on $connect. */
export interface SupervisorConnection {
  connectionId: string;
  connectedAt: string;
  /** Epoch seconds: DynamoDB's TTL removes connections that $disconnect never reported. */
  expiresAt: number;
}

export interface ConnectionStore {
  add(connection: SupervisorConnection): Promise<void>;
  remove(connectionId: string): Promise<void>;
  /** Every recorded connection id (all pages). */
  listIds(): Promise<string[]>;
}

export interface ConnectionPusher {
  /** Sends one message to one connection. Throws ConnectionGoneError when the connection no longer exists. */
  push(connectionId: string, message: CallStatusMessage): Promise<void>;
}

/** The connection is closed (API Gateway answers 410 Gone): forget it. */
export class ConnectionGoneError extends Error {
  override name = 'ConnectionGoneError';
  constructor(readonly connectionId: string) {
    super(`Connection ${connectionId} is gone`);
  }
}

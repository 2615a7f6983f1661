/**
 * `npm start`'s failures in words a newcomer can act on. Node's own text for a taken port
 * ("listen EADDRINUSE: address already in use 127.0.0.1:4175") names neither which of the three
 * servers wanted it nor how to choose other ports.
 */
export interface StackPorts {
  readonly appPort: number;
  readonly proxyPort: number;
  readonly sandboxPort: number;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function errorPort(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'port' in error ? error.port : undefined;
}

/** The message `npm start` prints (after "start: ") for an error it could not start past. */
export function describeStartError(error: unknown, ports: StackPorts): string {
  const port = errorPort(error);
  if (errorCode(error) === 'EADDRINUSE' && typeof port === 'number') {
    const server =
      port === ports.appPort
        ? 'the app (PORT)'
        : port === ports.proxyPort
          ? 'the proxy (PROXY_PORT, default PORT+1)'
          : port === ports.sandboxPort
            ? 'the sandbox (SANDBOX_PORT, default PORT+2)'
            : 'a server';
    return (
      `port ${port}, wanted by ${server}, is already in use — perhaps by another npm start. ` +
      `Stop that one, or choose other ports, e.g. PORT=5000 npm start (the proxy and the sandbox then take 5001 and 5002).`
    );
  }
  return error instanceof Error ? error.message : String(error);
}

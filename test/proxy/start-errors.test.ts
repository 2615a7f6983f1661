import { describe, expect, it } from 'vitest';
import { describeStartError } from '../../proxy/stack/start-errors';

const PORTS = { appPort: 4173, proxyPort: 4174, sandboxPort: 4175 };

/** What node:net rejects a listen with when the port is taken. */
function addressInUse(port: number): Error {
  return Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), {
    code: 'EADDRINUSE',
    errno: -98,
    syscall: 'listen',
    address: '127.0.0.1',
    port,
  });
}

describe('npm start: what it says when it cannot start', () => {
  it.each([
    [4173, 'the app (PORT)'],
    [4174, 'the proxy (PROXY_PORT, default PORT+1)'],
    [4175, 'the sandbox (SANDBOX_PORT, default PORT+2)'],
  ])('a taken port %i names the server that wanted it and how to choose other ports', (port, server) => {
    const message = describeStartError(addressInUse(port), PORTS);
    expect(message).toContain(`port ${port}, wanted by ${server}, is already in use`);
    expect(message).toContain('PORT=5000 npm start');
    expect(message).not.toContain('EADDRINUSE');
  });

  it('any other error keeps its own message', () => {
    expect(describeStartError(new Error('PORT must be a port number'), PORTS)).toBe('PORT must be a port number');
    expect(describeStartError('plain text', PORTS)).toBe('plain text');
  });
});

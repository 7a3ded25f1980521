// Stand-alone debug adapter: DAP on stdio, or `--server=PORT` on 127.0.0.1 only.
import * as net from 'net';
import { NvdbgSession } from './session';

const server = process.argv.find((a) => a.startsWith('--server='));
if (server !== undefined) {
  const port = Number(server.slice('--server='.length));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`nvdbg debug adapter: bad port in ${server}\n`);
    process.exit(2);
  }
  net.createServer((socket) => {
    const s = new NvdbgSession();
    s.setRunAsServer(true);
    s.start(socket, socket);
  }).listen(port, '127.0.0.1', () => process.stderr.write(`nvdbg debug adapter listening on 127.0.0.1:${port}\n`));
} else {
  NvdbgSession.run(NvdbgSession);
}

import pino, { Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process. Redaction is belt and braces for R1.5: we never log headers or
 * connection strings on purpose, but a stray object must not leak them either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'jobops' },
      redact: {
        paths: [
          'authorization', '*.authorization', '*.headers.authorization', 'req.headers.authorization',
          'headers.authorization', 'password', '*.password', 'connectionString', '*.connectionString',
          'token', '*.token', 'secret', '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

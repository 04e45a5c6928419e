import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError } from '@trame/config';
import { RedisUnreachableError } from '@trame/messaging';

/** Failures a person can fix from the message alone: print it, without a stack trace. */
const isOperatorError = (error: unknown): error is Error =>
  error instanceof ConfigValidationError || error instanceof RedisUnreachableError;

/**
 * Starts an app and turns the usual set-up mistakes into one clear line and exit code 1.
 * Shutdown hooks close the event store, Redis and workers on SIGTERM/SIGINT.
 */
export async function bootstrap<T extends INestApplicationContext>(
  name: string,
  create: () => Promise<T>,
  start?: (app: T) => Promise<void>,
) {
  try {
    const app = await create();
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    if (start) await start(app);
    app.get(Logger).log(`${name} started on Node ${process.version}`);
    return app;
  } catch (error) {
    if (isOperatorError(error)) {
      process.stderr.write(`\n[trame ${name}] ${error.message}\n\n`);
    } else {
      process.stderr.write(`[trame ${name}] failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  }
}

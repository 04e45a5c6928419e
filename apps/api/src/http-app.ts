import { type INestApplication, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { bodyParsers } from './http/body-parsers';
import { ContentTypeGuard } from './http/content-type.guard';
import { createOpenApiDocument } from './http/openapi';
import { createValidationPipe } from './http/validation';

/** HTTP concerns shared by `apps/api` alone and the all-in-one `npm start`. */
export function configureHttpApp(app: INestApplication): void {
  // Installed before init, these replace Nest's default parsers (it skips the ones present).
  app.use(...bodyParsers());
  // Before the access guards: a body of the wrong type is refused whoever sends it.
  app.useGlobalGuards(new ContentTypeGuard(app.get(Reflector)));
  app.useGlobalPipes(createValidationPipe());
  // Each operation's security, access and cross-cutting errors are derived in createOpenApiDocument.
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}

export async function listen(app: INestApplication): Promise<void> {
  const config = app.get<TrameConfig>(TRAME_CONFIG);
  await app.listen(config.PORT, config.HOST);
  // The one line a person starting Trame looks for: in the JSON log, and outside
  // production also as plain text, where it would otherwise be lost among the JSON lines.
  const running = `Trame is running at ${config.PUBLIC_URL} (listening on ${config.HOST}:${config.PORT}, Node ${process.version})`;
  new Logger('Trame').log(running);
  if (config.NODE_ENV !== 'production') process.stdout.write(`\n  ${running}\n\n`);
}

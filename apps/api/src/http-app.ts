import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { createValidationPipe } from './http/validation';

/** HTTP concerns shared by `apps/api` alone and the all-in-one `npm start`. */
export function configureHttpApp(app: INestApplication): void {
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Trame API')
      .setDescription(
        'Mise en relation de porteurs de projets écologiques collectifs et de personnes prêtes à les rejoindre. / ' +
          'Matchmaking between collective ecological projects and the people who could join them.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

export async function listen(app: INestApplication): Promise<void> {
  const config = app.get<TrameConfig>(TRAME_CONFIG);
  await app.listen(config.PORT, config.HOST);
}

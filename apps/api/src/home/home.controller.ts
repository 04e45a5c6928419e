import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { escapeHtml as e } from '@trame/mail';
import { Public } from '../auth/principal';
import { htmlPage } from '../shared/html-page';

const LINKS: ReadonlyArray<{ href: string; fr: string; en: string }> = [
  { href: '/docs', fr: 'Documentation de l’API (OpenAPI)', en: 'API documentation (OpenAPI)' },
  { href: '/v1/projects', fr: 'Projets publiés (JSON)', en: 'Published projects (JSON)' },
  { href: '/health', fr: 'État du service', en: 'Service health' },
];

/**
 * `GET /`: what a person finds after `npm start` until the web app serves this address.
 * It says what Trame is, that it is running, and where to go next.
 */
export function homePage(): string {
  const items = LINKS.map(
    (l) => `<li><a href="${e(l.href)}">${e(l.fr)}</a> / <span lang="en"><a href="${e(l.href)}">${e(l.en)}</a></span></li>`,
  ).join('\n');
  return htmlPage(`<main>
<h1>Trame fonctionne</h1>
<p>Trame met en relation des projets écologiques collectifs et les personnes qui peuvent les rejoindre.
L’application web arrive bientôt ; en attendant, le service répond par son API.</p>
<p lang="en">Trame is running. It connects collective ecological projects with the people who could join them.
The web app is on its way; meanwhile the service answers through its API.</p>
<ul>
${items}
</ul>
<p>Premiers pas : voir le fichier README du projet. / <span lang="en">First steps: see the project’s README.</span></p>
</main>`);
}

@ApiTags('home')
@Controller()
export class HomeController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'A short page saying the service runs, with links to the API documentation' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page, French then English', schema: { type: 'string' } })
  home(): string {
    return homePage();
  }
}

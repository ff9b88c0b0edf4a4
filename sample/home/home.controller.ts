import { Controller, Get, Header } from '@nestjs/common';
import { ExamplesService } from './examples.service';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/`: a page linking every example, for trying them in a browser. */
@Controller()
export class HomeController {
  constructor(private readonly examples: ExamplesService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  index(): string {
    const items = this.examples
      .list()
      .map(({ url, description }) => `<li><a href="${escapeHtml(url)}">${escapeHtml(url)}</a> ${escapeHtml(description)}</li>`)
      .join('\n');
    return `<!doctype html>\n<title>nestjs-downloadview sample</title>\n<h1>nestjs-downloadview sample</h1>\n<ul>\n${items}\n</ul>\n`;
  }
}

import { BadRequestException, Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { Download, VirtualFile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { generateReport } from './report.generator';

/** A 1x1 transparent PNG. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABXvMqGgAAAABJRU5ErkJggg==',
  'base64',
);

/** Content that is not a file (django-downloadview's VirtualDownloadView). */
@Controller('virtual')
export class VirtualController {
  // docs:start text
  /** Text built in memory: size known, so Content-Length, ETag and Range work. */
  @Get('text')
  @Download()
  @Example('/virtual/text', 'Hello world! from a string')
  text() {
    return new VirtualFile('Hello world!\n', { name: 'hello-world.txt' });
  }
  // docs:end text

  // docs:start generated
  /** Generated while it is sent: chunks go out as they come, never collected. */
  @Get('generated')
  @Download()
  @Example('/virtual/generated?rows=5', 'a CSV from an async generator (no Content-Length)')
  generated(@Query('rows', new DefaultValuePipe(10), ParseIntPipe) rows: number) {
    if (rows < 0 || rows > 1_000_000) throw new BadRequestException('rows must be 0 to 1000000');
    return new VirtualFile(generateReport(rows), { name: 'report.csv' });
  }
  // docs:end generated

  // docs:start buffer
  /** A Buffer, shown inline: an image gets no charset. */
  @Get('buffer')
  @Download({ attachment: false })
  @Example('/virtual/buffer', 'a PNG from a Buffer, inline')
  buffer() {
    return new VirtualFile(PIXEL_PNG, { name: 'pixel.png' });
  }
  // docs:end buffer
}

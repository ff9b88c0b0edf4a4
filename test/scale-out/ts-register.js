// Lets a plain `node` child process run the TypeScript of this folder and of
// lib/ (the scale-out instances are separate processes, outside Jest): .ts
// files go through SWC with the repository's .swcrc, and `nestjs-downloadview`
// resolves to lib/index.ts as it does under Jest (jest.config.js).
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8'));
const ALIASES = {
  'nestjs-downloadview': path.join(ROOT, 'lib', 'index.ts'),
  'nestjs-downloadview/testing': path.join(ROOT, 'lib', 'testing', 'index.ts'),
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, ALIASES[request] ?? request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcrc, $schema: undefined, filename, swcrc: false });
  module._compile(code, filename);
};

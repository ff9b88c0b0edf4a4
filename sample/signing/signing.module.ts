import { Module } from '@nestjs/common';
import { SigningController } from './signing.controller';

/** Signed URL examples (docs/signing.md); the secrets are set in AppModule. */
@Module({ controllers: [SigningController] })
export class SigningModule {}

import { Module } from '@nestjs/common';
import { S3Controller } from './s3.controller';

/** S3 examples: AppModule imports it when SAMPLE_S3_ENDPOINT names an S3 server (npm start starts one). */
@Module({ controllers: [S3Controller] })
export class S3Module {}

/** The bucket of the sample's S3 server. */
export const SAMPLE_S3_BUCKET = 'sample';

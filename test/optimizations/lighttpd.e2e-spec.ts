import { describeOffloadSuite } from './support/offload-suite';

describeOffloadSuite('lighttpd');

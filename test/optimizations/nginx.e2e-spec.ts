import { describeOffloadSuite } from './support/offload-suite';

describeOffloadSuite('nginx');

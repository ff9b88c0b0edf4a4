// The interface lives beside the rules it works on (they name each other).
export type { OffloadBackend } from '../offload-rule.interface';

/** Injection token of the module's global OffloadBackend (`undefined` when none is set). */
export const OFFLOAD_BACKEND = Symbol('OFFLOAD_BACKEND');

/** Injection token of the module's compiled offload rules (`CompiledOffloadRule[]`). */
export const OFFLOAD_RULES = Symbol('OFFLOAD_RULES');

/** Metadata key of `@XAccelRedirect()` / `@XSendfile()` rules on a handler or controller. */
export const OFFLOAD_RULES_METADATA = 'nestjs-downloadview:offload-rules';

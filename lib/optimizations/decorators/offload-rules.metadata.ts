import { OFFLOAD_RULES_METADATA } from '../offload.constants';
import type { OffloadRule } from '../offload-rule.interface';
import { compileOffloadRule } from '../offload-rule.validator';
import type { CompiledOffloadRule } from '../offload-rules';

/**
 * A method-or-class decorator that compiles `rule` (throwing at once, naming
 * the decorator and its place, when it is wrong) and adds it to the target's
 * offload rules, in the order the decorators are written.
 */
export function offloadRuleDecorator(name: string, rule: OffloadRule): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const owner = descriptor ? (target.constructor as { name: string }).name : (target as { name: string }).name;
    const where = descriptor ? `${owner}.${String(key)}` : owner;
    const { rule: compiled, problems } = compileOffloadRule(rule, `@${name}() on ${where}`);
    if (!compiled) throw new Error(`Invalid offload rule:\n- ${problems.join('\n- ')}`);
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing: CompiledOffloadRule[] = Reflect.getMetadata(OFFLOAD_RULES_METADATA, holder) ?? [];
    // Decorators run bottom-up: prepend to keep the written order.
    Reflect.defineMetadata(OFFLOAD_RULES_METADATA, [compiled, ...existing], holder);
    return descriptor as never;
  };
}

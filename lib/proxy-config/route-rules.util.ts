import 'reflect-metadata';
import { OFFLOAD_RULES_METADATA } from '../optimizations/offload.constants';
import type { CompiledOffloadRule, OffloadRule } from '../optimizations/offload-rule.interface';

/**
 * The rules of the `@XAccelRedirect()` / `@XSendfile()` decorators on these
 * controllers (the class and each method), as written, for the proxy config
 * generator's `routeRules`: read from the decorators themselves, they cannot
 * drift from them.
 *
 * @example
 * export const routeRules = () => routeRulesOf(ReportsController, ExportsController);
 */
export function routeRulesOf(...controllers: (abstract new (...args: never[]) => unknown)[]): OffloadRule[] {
  const rules: OffloadRule[] = [];
  const read = (target: object) =>
    ((Reflect.getMetadata(OFFLOAD_RULES_METADATA, target) ?? []) as CompiledOffloadRule[]).forEach((rule) =>
      rules.push({ ...rule.options }),
    );
  for (const controller of controllers) {
    read(controller);
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const method = Object.getOwnPropertyDescriptor(controller.prototype, key)?.value;
      if (key !== 'constructor' && typeof method === 'function') read(method);
    }
  }
  return rules;
}

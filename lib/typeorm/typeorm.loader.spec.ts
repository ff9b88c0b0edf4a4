import { isInstalled, loadTypeOrm, missingTypeOrmPackages } from './typeorm.loader';

describe('typeorm loader', () => {
  it('loads typeorm when installed', () => {
    expect(typeof loadTypeOrm('@FileColumn()').Column).toBe('function');
  });

  it('lists the peers that cannot be resolved', () => {
    const without = (hidden: string[]) => (id: string) => {
      if (hidden.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return `/node_modules/${id}/index.js`;
    };
    expect(missingTypeOrmPackages(without([]))).toEqual([]);
    expect(missingTypeOrmPackages(without(['@nestjs/typeorm']))).toEqual(['@nestjs/typeorm']);
    expect(missingTypeOrmPackages(without(['typeorm', '@nestjs/typeorm']))).toEqual(['typeorm', '@nestjs/typeorm']);
  });

  it('resolves installed packages without loading them', () => {
    expect(isInstalled('typeorm')).toBe(true);
    expect(isInstalled('nestjs-downloadview-no-such-package')).toBe(false);
  });
});

import { classifyRoles, skipReasonForPath, skipReasonForText } from '../../src/core/classify.js';
import { validateConfig } from '../../src/core/config.js';

const config = validateConfig({});

describe('file roles', () => {
  it.each([
    ['app/api/users/route.ts', '', ['server']],
    ['pages/api/users.ts', '', ['server']],
    ['pages/settings.tsx', '', ['client']],
    ['app/dashboard/page.tsx', '', ['server']],
    ['src/app/dashboard/page.tsx', '"use client";\nexport default function Page() {}', ['client']],
    ['app/dashboard/error.tsx', '', ['client']],
    ['lib/util.ts', '"use client";\nexport {}', ['client']],
    ['lib/actions.ts', "'use server'\nexport {}", ['server']],
    ['src/components/Button.tsx', '', ['client']],
    ['supabase/migrations/1_init.sql', '', ['migration', 'sql']],
    ['.env.production', '', ['env']],
    ['firestore.rules', '', ['firebase-rules']],
    ['next.config.js', '', ['config']],
    ['src/__tests__/auth.test.ts', '', ['test']],
  ])('%s', (path, text, roles) => {
    expect([...classifyRoles(path, text, config)].sort()).toEqual([...roles].sort());
  });

  it('lets config mark extra client paths', () => {
    const custom = validateConfig({ clientPaths: ['frontend-app/**'] });
    expect(classifyRoles('frontend-app/src/api.ts', '', custom).has('client')).toBe(true);
  });
});

describe('skip reasons', () => {
  it('skips vendored, lockfiles, binaries, build output and ignored paths', () => {
    expect(skipReasonForPath('node_modules/a/index.js', config)?.reason).toBe('vendored');
    expect(skipReasonForPath('package-lock.json', config)?.reason).toBe('lockfile');
    expect(skipReasonForPath('public/logo.png', config)?.reason).toBe('binary');
    expect(skipReasonForPath('.next/server/app.js', config)?.reason).toBe('generated');
    expect(skipReasonForPath('docs/a.md', validateConfig({ paths: { ignore: ['docs/**'] } }))?.reason).toBe('ignored-by-config');
    expect(skipReasonForPath('drizzle/0001_init.sql', config)).toBeUndefined();
  });

  it('skips a 10 MB minified bundle without parsing it', () => {
    const bundle = `!function(){${'var a=1;'.repeat(1_300_000)}}();`;
    expect(skipReasonForText('public/bundle.js', bundle)?.reason).toBe('too-large');
    expect(skipReasonForText('public/app.js', `!function(){${'a();'.repeat(3000)}}()`)?.reason).toBe('minified');
    expect(skipReasonForText('src/app.ts', 'export const a = 1;\n')).toBeUndefined();
  });
});

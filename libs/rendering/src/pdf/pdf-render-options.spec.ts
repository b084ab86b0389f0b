import { DEFAULT_RENDER_TIMEOUT_MS, MAX_HTML_CHARS, resolveRenderOptions } from './pdf-render-options';

const VALID = { title: 'Invoice', lang: 'ar-SA', dir: 'rtl' as const };

describe('resolveRenderOptions', () => {
  it('defaults to A4 portrait with the engine timeout', () => {
    expect(resolveRenderOptions('<p>x</p>', VALID, DEFAULT_RENDER_TIMEOUT_MS)).toMatchObject({
      format: 'A4',
      landscape: false,
      timeoutMs: DEFAULT_RENDER_TIMEOUT_MS,
    });
  });

  it('treats empty HTML as a template that cannot render', () => {
    expect(() => resolveRenderOptions(' \n', VALID, 1_000)).toThrow(expect.objectContaining({ code: 'template_invalid' }));
  });

  it('refuses HTML over the size limit', () => {
    expect(() => resolveRenderOptions('x'.repeat(MAX_HTML_CHARS + 1), VALID, 1_000)).toThrow(
      expect.objectContaining({ code: 'limit_exceeded' }),
    );
  });

  it('names every invalid option', () => {
    const invalid = { title: '', lang: 'en_US!', dir: 'up', format: 'A3', timeoutMs: 0, header: { left: 'x'.repeat(500) } };
    try {
      resolveRenderOptions('<p>x</p>', invalid as never, 1_000);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation_failed' });
      const pointers = (error as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer);
      expect(pointers.sort()).toEqual(['/dir', '/format', '/header/left', '/lang', '/timeoutMs', '/title']);
    }
  });
});

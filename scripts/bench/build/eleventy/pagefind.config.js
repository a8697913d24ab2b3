// Peer `eleventy + pagefind`: the `eleventy` peer's config plus the one thing Pagefind needs of a page, a document
// shell (`<html lang>`, `<body>`): Pagefind skips HTML fragments, and a real Eleventy site has a layout. The layout
// is a virtual JavaScript template (Eleventy 3), so no template engine runs over the notes.
import base, { config as baseConfig } from './eleventy.config.js';

/** @param {import('@11ty/eleventy').UserConfig} eleventyConfig */
export default function (eleventyConfig) {
  base(eleventyConfig);
  eleventyConfig.addTemplate('_includes/shell.11ty.js', {
    render: (data) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${data.title ?? ''}</title></head><body><main>${data.content}</main></body></html>`,
  });
  eleventyConfig.addGlobalData('layout', 'shell.11ty.js');
}

export const config = baseConfig;

// Peer `eleventy`: Eleventy 3 rendering the corpus with its own markdown-it and @mdit/plugin-katex.
//
//   node node_modules/@11ty/eleventy/cmd.cjs --config scripts/bench/build/eleventy/eleventy.config.js \
//     --input <corpus> --output <dir> --quiet
//
// Plain JavaScript on purpose: a TypeScript config would make Eleventy run under a TS loader that a real
// Eleventy site does not pay for, and the peer should be measured as its users run it.
// @mdit/plugin-katex is the maintained markdown-it KaTeX plugin (markdown-it 14, KaTeX renderToString into the
// token stream as a string: no HTML re-parse, which is the lever the issue names for rehype-katex).
import { katex } from '@mdit/plugin-katex';

/** @param {import('@11ty/eleventy').UserConfig} eleventyConfig */
export default function (eleventyConfig) {
  // The corpus lives under bench-out/, which .gitignore lists; Eleventy must not skip it for that.
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.amendLibrary('md', (md) => md.use(katex));
}

export const config = {
  // Notes are markdown only. Running them through Liquid first would both cost time and break on TeX such as
  // `{{W}}` or `{%`, so the template engine is off: Eleventy renders markdown, as Hexo users expect.
  markdownTemplateEngine: false,
  htmlTemplateEngine: false,
  templateFormats: ['md'],
};

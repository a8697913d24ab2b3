/**
 * Interface strings of the default theme in Chinese and English. Chinese follows the common typesetting habit of
 * a space between Han characters and Latin letters or digits ("2023 年 7 月", "阅读时间约 3 分钟").
 */
import type { Language, UiStrings } from '../../src/site/render/context.js';

const enNumber = new Intl.NumberFormat('en-US');

const ENGLISH_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** The shared contract's interface strings, one record per site language. */
export const strings: Record<Language, UiStrings> = {
  'zh-CN': {
    home: '首页',
    archives: '归档',
    tags: '标签',
    categories: '分类',
    search: '搜索',
    searchPlaceholder: '输入关键词，多个词用空格分开',
    searchNoResults: '没有找到相关的笔记。',
    tagged: (name) => `标签：${name}`,
    inCategory: (name) => `分类：${name}`,
    posted: '发表于',
    updated: '更新于',
    readingTime: (minutes, words) => `阅读时间约 ${minutes} 分钟 · ${words} 字`,
    readMore: '阅读全文',
    toc: '目录',
    prev: '上一篇',
    next: '下一篇',
    newer: '上一页',
    older: '下一页',
    page: (n, total) => `第 ${n} 页 / 共 ${total} 页`,
    notFoundTitle: '页面不存在',
    notFoundBody: '你要找的页面可能已经移动或删除了。可以回到首页，或者用搜索找一找。',
    skipToContent: '跳到正文',
    toggleTheme: '深色模式',
    feed: '订阅',
    poweredBy: '由丹炉（danlu）生成',
    postsCount: (n) => `${n} 篇笔记`,
    yearMonth: (year, month) => `${year} 年 ${month} 月`,
  },
  en: {
    home: 'Home',
    archives: 'Archives',
    tags: 'Tags',
    categories: 'Categories',
    search: 'Search',
    searchPlaceholder: 'Type words to search the notes',
    searchNoResults: 'No notes match.',
    tagged: (name) => `Tagged “${name}”`,
    inCategory: (name) => `Category: ${name}`,
    posted: 'Posted',
    updated: 'Updated',
    readingTime: (minutes, words) => `${minutes} min read · ${enNumber.format(words)} ${words === 1 ? 'word' : 'words'}`,
    readMore: 'Read more',
    toc: 'Contents',
    prev: 'Previous',
    next: 'Next',
    newer: 'Newer',
    older: 'Older',
    page: (n, total) => `Page ${n} of ${total}`,
    notFoundTitle: 'Page not found',
    notFoundBody: 'The page you are looking for may have moved or been removed. Try the home page or search.',
    skipToContent: 'Skip to content',
    toggleTheme: 'Dark theme',
    feed: 'Feed',
    poweredBy: 'Built with danlu',
    postsCount: (n) => (n === 1 ? '1 note' : `${enNumber.format(n)} notes`),
    yearMonth: (year, month) => `${ENGLISH_MONTHS[month - 1] ?? month} ${year}`,
  },
};

/**
 * Labels the default theme needs beyond the shared {@link UiStrings} (landmark names, the search client's
 * messages). Kept here rather than in the contract because another theme may not need them.
 */
export interface ThemeStrings {
  /** `og:locale` value. */
  ogLocale: string;
  mainNav: string;
  pagination: string;
  breadcrumb: string;
  postNav: string;
  subcategories: string;
  /** Accessible name of a "read more" link, which must say which note it opens. */
  readMoreAbout: (title: string) => string;
  /** Shown by the search client; `{n}` is replaced by the number of results. */
  searchCountOne: string;
  searchCountMany: string;
  searchLoading: string;
  searchFailed: string;
  searchNeedsJs: string;
  /** The search page's button that shows the next results. */
  searchMore: string;
  /** Heading of the list of notes that link to this one. */
  backlinks: string;
  /** The code-block copy button (theme script): its label, and what it says once copied or when copying failed. */
  copyCode: string;
  copied: string;
  copyFailed: string;
  /** The button that opens a diagram at full size, and the one that closes that view. */
  enlargeDiagram: string;
  close: string;
}

/** Theme-only labels, one record per site language. */
export const themeStrings: Record<Language, ThemeStrings> = {
  'zh-CN': {
    ogLocale: 'zh_CN',
    mainNav: '主导航',
    pagination: '分页',
    breadcrumb: '分类路径',
    postNav: '上一篇和下一篇',
    subcategories: '子分类',
    readMoreAbout: (title) => `阅读全文：${title}`,
    searchCountOne: '找到 {n} 篇笔记',
    searchCountMany: '找到 {n} 篇笔记',
    searchLoading: '正在载入索引…',
    searchFailed: '搜索索引载入失败，请稍后再试。',
    searchNeedsJs: '站内搜索需要启用 JavaScript。也可以从归档、标签和分类页面浏览全部笔记。',
    searchMore: '显示更多结果',
    backlinks: '链接到本文的笔记',
    copyCode: '复制代码',
    copied: '已复制',
    copyFailed: '复制失败',
    enlargeDiagram: '查看大图',
    close: '关闭',
  },
  en: {
    ogLocale: 'en_US',
    mainNav: 'Main',
    pagination: 'Pagination',
    breadcrumb: 'Breadcrumb',
    postNav: 'Previous and next notes',
    subcategories: 'Subcategories',
    readMoreAbout: (title) => `Read more: ${title}`,
    searchCountOne: '{n} note found',
    searchCountMany: '{n} notes found',
    searchLoading: 'Loading the index…',
    searchFailed: 'The search index could not be loaded. Please try again later.',
    searchNeedsJs: 'Search needs JavaScript. You can also browse every note from the archives, tags and categories.',
    searchMore: 'Show more results',
    backlinks: 'Notes that link here',
    copyCode: 'Copy code',
    copied: 'Copied',
    copyFailed: 'Copy failed',
    enlargeDiagram: 'View full size',
    close: 'Close',
  },
};

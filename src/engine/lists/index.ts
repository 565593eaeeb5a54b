export { loadLists, SHIPPED_LISTS_DIR, type ListSourceOptions, type LoadedLists } from './list-source.ts';
export { brandDomainMap } from './brands.ts';
export { parseListText, listNameOf } from './parse-list.ts';

/**
 * The free-text index (main/core/query/text-index.ts): each word of the raw records, lower-cased, and the blocks
 * of 2^14 event rows that hold it. `text_index_build` holds a build's chunks until they are merged, sorted by word.
 */
export const sql = `
CREATE TABLE text_index (term VARCHAR NOT NULL, block INTEGER NOT NULL);
CREATE TABLE text_index_build (term VARCHAR NOT NULL, block INTEGER NOT NULL);
`;

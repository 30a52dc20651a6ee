import { migrate } from '../case/migrate';
import { Duck } from '../db/duck';
import { consoleSchema, schemaMarkdown } from './schema';

/** docs/query-views.md as the migrations define the views: built in a fresh in-memory database. */
export async function viewDocs(): Promise<string> {
  const db = await Duck.open(':memory:');
  try {
    await migrate(db);
    return schemaMarkdown(await consoleSchema(db));
  } finally {
    await db.close();
  }
}

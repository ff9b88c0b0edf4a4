/** The lines of a CSV report, produced one by one (e.g. from a database cursor). */
// docs:start generator
export async function* generateReport(rows: number): AsyncGenerator<string> {
  yield 'id,square\n';
  for (let id = 1; id <= rows; id++) {
    yield `${id},${id * id}\n`;
  }
}
// docs:end generator

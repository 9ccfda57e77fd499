import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm/esm/parquet_wasm.js';
import fs from 'fs';
const rows = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const wasm = fs.readFileSync('node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm');
await pw.default({module_or_path: wasm});
const t = arrow.tableFromArrays({
  question: rows.map(r => r.question),
  subject: rows.map(r => r.subject),
  choices: arrow.vectorFromArray(rows.map(r => r.choices), new arrow.List(new arrow.Field(process.argv[4] || 'item', new arrow.Utf8(), true))),
  answer: arrow.vectorFromArray(rows.map(r => BigInt(r.answer)), new arrow.Int64()),
});
const wt = pw.Table.fromIPCStream(arrow.tableToIPC(t, 'stream'));
const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
fs.writeFileSync(process.argv[3], pw.writeParquet(wt, props));

// Serves a module in the session through the official TypeScript SDK (@dagger.io/dagger), as Dagger's clients do:
// dag.moduleSource(ref).asModule().serve() extends the session's schema with the module's main object, which a raw
// GraphQL query through the SDK's own client then calls.
// Run by TypeScriptSdkIT with env:
//   DAGJ_MODULE  the module's directory (a copy of daggerverse-examples/showcase)
// Exits 0 and prints "sdk-module ok" when every check passed; prints the first mismatch and exits 1 otherwise.
import { connection, dag } from "@dagger.io/dagger";
import { readFileSync } from "node:fs";

const sdkVersion = JSON.parse(
  readFileSync(new URL("./node_modules/@dagger.io/dagger/package.json", import.meta.url), "utf8")).version;

function check(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) {
    throw new Error(`${what}: expected ${e}, got ${a}`);
  }
  console.log(`ok ${what}`);
}

try {
  await connection(async () => {
    const gql = dag.getGQLClient();

    // Before serving, the session's schema has no field for the module.
    let before = null;
    try {
      await gql.request(`{ showcase { greet } }`);
    } catch (e) {
      before = String(e.message ?? e);
    }
    check("not served before serve()", before !== null && before.includes("showcase"), true);

    const mod = dag.moduleSource(process.env.DAGJ_MODULE).asModule();
    check("module name", await mod.name(), "showcase");
    await mod.serve();

    const r = await gql.request(`{ showcase { greet(name: "ts") } }`);
    check("served function", r.showcase.greet, "Hello, ts!");
    const chained = await gql.request(
      `query Q($n: String!) { showcase { greeter(name: $n) { loud { message } } } }`, { n: "sdk" });
    check("chained object", chained.showcase.greeter.loud.message, "Hello, SDK!");
    // The served object's ID is a real ID the session reloads.
    const idq = await gql.request(`{ showcase { greeter(name: "id") { id } } }`);
    const loaded = await gql.request(`query L($id: GreeterID!) { loadGreeterFromID(id: $id) { message } }`,
      { id: idq.showcase.greeter.id });
    check("reloaded by ID", loaded.loadGreeterFromID.message, "Hello, id.");
  }, { LogOutput: process.stderr });
  console.log(`sdk-module ok (@dagger.io/dagger ${sdkVersion})`);
} catch (e) {
  console.error(`sdk-module FAILED (@dagger.io/dagger ${sdkVersion}): ${e.stack ?? e}`);
  process.exit(1);
}

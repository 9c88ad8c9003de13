package dev.dagj.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.solve.Progress;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.AstComparator;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.StringValue;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape cache against graphql-java's own parse and validation on the core API's real schema: a shape hit gives
 * the document a fresh parse gives (printed form, node by node locations, AST equality) and the same responses,
 * errors included; everything the cache is not sure of takes the normal path.
 */
class DocumentCacheTest {
    @TempDir
    Path state;
    @TempDir
    Path work;
    Engine engine;
    GraphqlApi api;
    GraphQLSchema schema;

    @BeforeEach
    void open() throws Exception {
        engine = Engine.open(new EngineConfig(state, Progress.NONE));
        api = new GraphqlApi(engine, work);
        schema = api.graphql().getGraphQLSchema();
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
    }

    /** graphql-java's parse and validation, counting its calls. */
    private final AtomicInteger parses = new AtomicInteger();

    private Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate() {
        return in -> {
            parses.incrementAndGet();
            ParseAndValidateResult r = ParseAndValidate.parse(in);
            if (r.isFailure()) {
                return new PreparsedDocumentEntry(r.getSyntaxException().toInvalidSyntaxError());
            }
            var errors = ParseAndValidate.validate(schema, r.getDocument(), Locale.ENGLISH);
            return errors.isEmpty() ? new PreparsedDocumentEntry(r.getDocument())
                    : new PreparsedDocumentEntry(r.getDocument(), errors);
        };
    }

    private PreparsedDocumentEntry get(DocumentCache cache, String q) throws Exception {
        return cache.getDocumentAsync(ExecutionInput.newExecutionInput(q).build(), parseAndValidate()).get();
    }

    /** Primes a cache with {@code first}, then asks for {@code second}: a hit equal to a fresh parse of it. */
    private Document assertHit(String first, String second) throws Exception {
        DocumentCache cache = new DocumentCache(schema);
        PreparsedDocumentEntry primed = get(cache, first);
        assertFalse(primed.hasErrors(), first + " " + primed.getErrors());
        int before = parses.get();
        PreparsedDocumentEntry e = get(cache, second);
        assertEquals(before, parses.get(), "a shape hit, not parsed: " + second);
        assertFalse(e.hasErrors());
        assertSameAsFreshParse(second, e.getDocument());
        return e.getDocument();
    }

    private void assertMiss(String first, String second) throws Exception {
        DocumentCache cache = new DocumentCache(schema);
        get(cache, first);
        int before = parses.get();
        PreparsedDocumentEntry e = get(cache, second);
        assertEquals(before + 1, parses.get(), "parsed again: " + second);
        PreparsedDocumentEntry fresh = parseAndValidate().apply(ExecutionInput.newExecutionInput(second).build());
        assertEquals(String.valueOf(fresh.getErrors()), String.valueOf(e.getErrors()));
    }

    static void assertSameAsFreshParse(String text, Document doc) {
        Document fresh = Parser.parse(text);
        assertEquals(AstPrinter.printAst(fresh), AstPrinter.printAst(doc));
        assertTrue(AstComparator.isEqual(fresh, doc), text);
        assertEquals(locations(fresh), locations(doc), text);
    }

    /** Every node's kind, location and (for strings) value, in tree order. */
    static List<String> locations(Node<?> n) {
        List<String> out = new ArrayList<>();
        walk(n, out);
        return out;
    }

    private static void walk(Node<?> n, List<String> out) {
        out.add(n.getClass().getSimpleName() + "@" + n.getSourceLocation()
                + (n instanceof StringValue s ? "=" + s.getValue() : ""));
        for (Node<?> c : n.getChildren()) {
            walk(c, out);
        }
    }

    @Test
    void stringArgumentsOfAnyContentAndLengthHitAndMoveWhatFollowsThem() throws Exception {
        assertHit("{ container { from(address: \"127.0.0.1:5000/busybox:v1\") { withEnvVariable(name: \"N\", value: "
                        + "\"17\") { withExec(args: [\"true\"]) { exitCode } } } } }",
                "{ container { from(address: \"127.0.0.1:5000/busybox:v1\") { withEnvVariable(name: \"N\", value: "
                        + "\"1800\") { withExec(args: [\"false\"]) { exitCode } } } } }");
        assertHit("{directory{withNewFile(path:\"a\",contents:\"b\"){file(path:\"a\"){contents}}}}",
                "{directory{withNewFile(path:\"\",contents:\"\\u00e9\\\\n\\\"x\\uD83D\\uDE00 \u00e9\uD83D\uDE00 "
                        + "\\t\\b\\f"
                        + "\\r\\/\"){file(path:\"abcdef\"){contents}}}}");
        // A literal on an earlier line moves nothing on later lines.
        assertHit("query {\n  directory {\n    withNewFile(path: \"a\", contents: \"b\") {\n      entries(path: \"x\") "
                        + "glob(pattern: \"*\")\n    }\n  }\n}\n",
                "query {\n  directory {\n    withNewFile(path: \"aaaa\", contents: \"\") {\n      entries(path: "
                        + "\"x\\u0041\") glob(pattern: \"**\")\n    }\n  }\n}\n");
        // ID scalars, a single value for a list, variables with defaults, several operations and fragments.
        assertHit("query A($p: String = \"x\", $q: [String!]! = [\"i\"]) { container { withExec(args: $q) { id } } "
                        + "directory { withNewFile(path: $p, "
                        + "contents: \"c\") { ...F withoutFile(path: \"z\") { id } } } loadFileFromID(id: \"f\") "
                        + "{ name } }\nquery B { version }\nfragment F on Directory { entries(path: \"q\") "
                        + "glob(pattern: \"x\") }",
                "query A($p: String = \"yyyyy\", $q: [String!]! = [\"\"]) { container { withExec(args: $q) { id } } "
                        + "directory { withNewFile(path: $p, "
                        + "contents: \"cc\") { ...F withoutFile(path: \"\") { id } } } loadFileFromID(id: "
                        + "\"Zmls\") { name } }\nquery B { version }\nfragment F on Directory { entries(path: "
                        + "\"qqqqqq\") glob(pattern: \"\") }");
        assertHit("{ container { withExec(args: \"x\") { id } } }", "{ container { withExec(args: \"xyz\") { id } } }");
    }

    @Test
    void fixedLiteralsMustMatch() throws Exception {
        // JSON: its literal is parsed, so its content decides validity.
        String json = "{ error(message: \"m\") { withValue(name: \"n\", value: \"1\") { message } } }";
        assertHit(json, json.replace("\"m\"", "\"other\""));
        assertMiss(json, json.replace("\"1\"", "\"2\""));
        assertMiss(json, json.replace("\"1\"", "\"{\""));
        // Two fields under one response key must have equal arguments: those are fixed.
        String twice = "{ directory { a: withNewFile(path: \"x\", contents: \"1\") { id } a: withNewFile(path: \"x\", "
                + "contents: \"1\") { id } } }";
        // Under other parents one key is not merged, but the cache does not tell them apart: fixed too.
        String apart = "{ directory { a: withNewFile(path: \"x\", contents: \"1\") { id } } "
                + "d: directory { a: withNewFile(path: \"x\", contents: \"1\") { id } } }";
        assertMiss(apart, apart.replaceFirst("\"1\"", "\"2\""));
        assertMiss(twice, twice.replaceFirst("\"1\"", "\"2\""));
        assertFalse(get(new DocumentCache(schema), twice).hasErrors());
        assertTrue(get(new DocumentCache(schema), twice.replaceFirst("\"1\"", "\"2\"")).hasErrors());
    }

    @Test
    void ineligibleTextsTakeTheNormalPath() throws Exception {
        String q = "{ directory { withNewFile(path: \"a\", contents: \"b\") { id } } }";
        assertMiss(q, q.replace("\"b\"", "\"\"\"block\"\"\""));
        assertMiss(q, q.replace("\"b\"", "\"\\uDE00\""));
        assertMiss(q, q.replace("\"b\"", "\"\\u{1F600}\""));
        assertMiss(q, q.replace("\"b\"", "\"\\a\""));
        assertMiss(q, q.replace("\"b\"", "\"\u0001\""));
        assertMiss(q, q.replace("\"b\"", "\"b\" # \"c\"\n"));
        assertMiss(q, q.replace("\"b\"", "\"b"));
        assertNull(QueryShape.of(q.replace("\"b\"", "\"\"\"b\"\"\"")));
    }

    @Test
    void aTextThatFailedValidationIsNeverCached() throws Exception {
        String bad = "{ directory { withNewFile(path: \"a\", contents: \"b\") { nope } } }";
        DocumentCache cache = new DocumentCache(schema);
        assertTrue(get(cache, bad).hasErrors());
        int before = parses.get();
        PreparsedDocumentEntry again = get(cache, bad.replace("\"b\"", "\"c\""));
        assertEquals(before + 1, parses.get());
        assertTrue(again.hasErrors());
    }

    @Test
    void responsesMatchTheUncachedPathErrorsIncluded() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "hi");
        GraphQL plain = GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new ResolverErrors()).build();
        String[] texts = {
            "{ host { file(path: \"hello.txt\") { contents } directory(path: \"missing\") { entries } } }",
            "{ host { file(path: \"hello.txt\") { contents } directory(path: \"missing-too-long-name\") { entries } "
                + "} }",
            "{ host { file(path: \"hello.txt\") { contents } directory(path: \"m\") { entries } } }",
            "{ host { directory(path: \"m\") { nope } } }",
            "{ host { directory(path: \"mm\") { nope } } }",
            "{ error(message: \"m\") { withValue(name: \"n\", value: \"{\") { message } } }",
        };
        for (String t : texts) {
            Map<String, Object> cached = api.execute(t, Map.of(), null);
            Map<String, Object> fresh = plain.execute(ExecutionInput.newExecutionInput(t).build()).toSpecification();
            assertEquals(fresh, cached, t);
        }
        // The second and third were shape hits on the first: their errors came with moved locations.
        assertEquals(2, ((DocumentCache) api.graphql().getPreparsedDocumentProvider()).shapeHits());
    }

    /** Random literals: whatever the scan accepts, graphql-java parses to the same value. */
    @Test
    void theScanDecodesLikeGraphqlJava() {
        String[] pieces = {"a", "\u00e9", "\uD83D\uDE00", "\uD83D", "\uDE00", "\\\"", "\\\\", "\\/", "\\b", "\\f",
            "\\n", "\\r", "\\t", "\\u0041", "\\u00E9", "\\uD83D\\uDE00", "\\uD83D", "\\uDE00", "\\u{41}", "\\x",
            "\\u12", "\\uFFFF", "\\u+041", "\t", "\u0001", " ", "#", "{", "\u2028", "\uFEFF", "\uFFFF", "\uFFFE",
            "\u0085", "\u007F", "\uE000", "\uDBFF\uDFFF", "\\uDBFF\\uDFFF", "\\u0000", "\\u001F"};
        Random r = new Random(4);
        int accepted = 0;
        for (int k = 0; k < 5000; k++) {
            StringBuilder s = new StringBuilder();
            for (int j = r.nextInt(6); j > 0; j--) {
                s.append(pieces[r.nextInt(pieces.length)]);
            }
            String text = "{ a(x: \"" + s + "\") b(y: \"z\") }";
            QueryShape shape = QueryShape.of(text);
            if (shape == null) {
                continue;
            }
            accepted++;
            Document d = Parser.parse(text);
            List<String> values = new ArrayList<>();
            for (String l : locations(d)) {
                if (l.startsWith("StringValue")) {
                    values.add(l.substring(l.indexOf("}=") + 2));
                }
            }
            assertEquals(List.of(shape.values), values, text);
            assertEquals("{ a(x: \"\") b(y: \"\") }", shape.key);
        }
        assertTrue(accepted > 500, "accepted " + accepted);
    }

    /** Threads that share one cache, each with its own values, get each its own text's document. */
    @Test
    void concurrentHitsGetTheirOwnValues() throws Exception {
        DocumentCache cache = new DocumentCache(schema);
        String shape = "{ directory { withNewFile(path: \"%s\", contents: \"%s\") { id } } }";
        get(cache, String.format(shape, "p", "c"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < 200; k++) {
                        String text = String.format(shape, "t" + id, "v" + k + "-".repeat(id));
                        assertSameAsFreshParse(text, get(cache, text).getDocument());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(800, cache.shapeHits());
    }

    /** Random literals of random lengths, raw and escaped, non-BMP included: hits equal a fresh parse. */
    @Test
    void randomLiteralsHitWithFreshParseLocations() throws Exception {
        String[] pieces = {"a", "\u00e9", "\uD83D\uDE00", "\\\"", "\\\\", "\\n", "\uD83D\uDE00", "\u00e9", "\\u0041",
            "\\uD83D\\uDE00", " "};
        Random r = new Random(6);
        DocumentCache cache = new DocumentCache(schema);
        String shape = "{ directory { withNewFile(path: \"%s\", contents: \"%s\") { a: entries "
                + "b: glob(pattern: \"%s\") } } }";
        assertFalse(get(cache, String.format(shape, "p", "c", "g")).hasErrors());
        int before = parses.get();
        for (int k = 0; k < 300; k++) {
            String[] lits = new String[3];
            for (int i = 0; i < 3; i++) {
                StringBuilder b = new StringBuilder();
                for (int j = r.nextInt(5); j > 0; j--) {
                    b.append(pieces[r.nextInt(pieces.length)]);
                }
                lits[i] = b.toString();
            }
            String text = String.format(shape, (Object[]) lits);
            PreparsedDocumentEntry e = get(cache, text);
            assertFalse(e.hasErrors(), text);
            assertSameAsFreshParse(text, e.getDocument());
        }
        assertEquals(before, parses.get(), "all 300 were shape hits");
    }
}

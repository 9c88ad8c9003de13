package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.solve.Progress;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.ExecutionId;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The GraphQL request path with a new string literal in every request (as SDK queries inline their arguments), on
 * the core API's real schema and resolvers: graphql-java's parse and validation of every text ("plain") against the
 * {@link DocumentCache}'s shape hits ("shape"). Two figures per request: the document step alone (the
 * {@code PreparsedDocumentProvider} call) and the whole {@code GraphQL.execute}.
 *
 * <p>Modes: {@code steady [rounds] [perRound]} alternates blocks of the two in one warm JVM; {@code cold plain|shape}
 * runs 5 warm-up requests in a fresh JVM and prints the 6th to 10th (bench/graphql.sh runs several such JVMs).
 */
public final class GraphqlDocumentBench {
    /** A directory chain that resolves without running anything: IDs are computed, nothing is solved. */
    static String query(long n) {
        return "{ directory { withNewFile(path: \"a.txt\", contents: \"" + n + "\") { withNewDirectory(path: "
                + "\"sub\") { withoutFile(path: \"x\") { id } } } } }";
    }

    /** The lead's traced request text (its document step only: executing it needs a registry). */
    static String containerQuery(long n) {
        return "{ container { from(address: \"127.0.0.1:5000/busybox:v1\") { withEnvVariable(name: \"N\", value: \""
                + n + "\") { withExec(args: [\"true\"]) { exitCode } } } } }";
    }

    /** Times the document step of a provider. */
    static final class Timed implements PreparsedDocumentProvider {
        final PreparsedDocumentProvider inner;
        long nanos;

        Timed(PreparsedDocumentProvider inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput in,
                Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            long t = System.nanoTime();
            CompletableFuture<PreparsedDocumentEntry> f = inner.getDocumentAsync(in, parseAndValidate);
            nanos += System.nanoTime() - t;
            return f;
        }
    }

    private static final AtomicLong IDS = new AtomicLong();

    static GraphQL graphql(GraphQLSchema schema, PreparsedDocumentProvider p) {
        return GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new ResolverErrors())
                .executionIdProvider((q, o, c) -> ExecutionId.from("b-" + IDS.incrementAndGet()))
                .preparsedDocumentProvider(p).build();
    }

    static PreparsedDocumentProvider provider(String mode, GraphQLSchema schema) {
        return switch (mode) {
            case "plain" -> (in, parse) -> CompletableFuture.completedFuture(parse.apply(in));
            case "shape" -> new DocumentCache(schema);
            default -> throw new IllegalArgumentException("mode must be plain or shape, not " + mode);
        };
    }

    private static long counter = 1000;

    /** One request; returns {document nanos, total nanos}. */
    static long[] request(GraphQL g, Timed t) {
        String q = query(counter++);
        long before = t.nanos;
        long start = System.nanoTime();
        ExecutionResult r = g.execute(ExecutionInput.newExecutionInput(q).build());
        long total = System.nanoTime() - start;
        if (!r.getErrors().isEmpty()) {
            throw new IllegalStateException("bench query failed: " + r.getErrors());
        }
        return new long[] {t.nanos - before, total};
    }

    public static void main(String[] args) throws Exception {
        Path state = Files.createTempDirectory("dagj-graphql-bench");
        try (Engine engine = Engine.open(new EngineConfig(state, Progress.NONE))) {
            GraphQLSchema schema = new GraphqlApi(engine, state).graphql().getGraphQLSchema();
            parseAndValidate = in -> {
                var r = graphql.ParseAndValidate.parse(in);
                var errors = graphql.ParseAndValidate.validate(schema, r.getDocument(), java.util.Locale.ENGLISH);
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("bench query invalid: " + errors);
                }
                return new PreparsedDocumentEntry(r.getDocument());
            };
            if (args.length > 0 && args[0].equals("cold")) {
                cold(schema, args[1]);
            } else {
                steady(schema, args.length > 1 ? Integer.parseInt(args[1]) : 5,
                        args.length > 2 ? Integer.parseInt(args[2]) : 2000);
            }
        } finally {
            try (var s = Files.walk(state)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void cold(GraphQLSchema schema, String mode) {
        Timed t = new Timed(provider(mode, schema));
        GraphQL g = graphql(schema, t);
        for (int i = 0; i < 5; i++) {
            request(g, t);
        }
        StringBuilder out = new StringBuilder("cold " + mode);
        for (int i = 6; i <= 10; i++) {
            long[] r = request(g, t);
            out.append(String.format(" req%d doc=%.3f total=%.3f", i, r[0] / 1e6, r[1] / 1e6));
        }
        System.out.println(out);
    }

    private static void steady(GraphQLSchema schema, int rounds, int perRound) {
        String[] modes = {"plain", "shape"};
        Timed[] timed = {new Timed(provider("plain", schema)), new Timed(provider("shape", schema))};
        GraphQL[] gs = {graphql(schema, timed[0]), graphql(schema, timed[1])};
        double[][] doc = new double[2][rounds];
        double[][] total = new double[2][rounds];
        double[][] containerDoc = new double[2][rounds];
        for (int warm = 0; warm < 3; warm++) {
            for (int m = 0; m < 2; m++) {
                block(gs[m], timed[m], perRound);
                containerBlock(timed[m], perRound);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < 2; m++) {
                double[] r = block(gs[m], timed[m], perRound);
                doc[m][round] = r[0];
                total[m][round] = r[1];
                containerDoc[m][round] = containerBlock(timed[m], perRound);
            }
        }
        for (int m = 0; m < 2; m++) {
            System.out.printf("steady %-5s doc=%.1f us  total=%.1f us  container-text doc=%.1f us%n", modes[m],
                    median(doc[m]), median(total[m]), median(containerDoc[m]));
        }
        System.out.printf("steady ratio shape/plain: doc %.3f  total %.3f  container-text doc %.3f%n",
                median(doc[1]) / median(doc[0]), median(total[1]) / median(total[0]),
                median(containerDoc[1]) / median(containerDoc[0]));
    }

    /** Mean microseconds per request of a block: {document step, whole request}. */
    private static double[] block(GraphQL g, Timed t, int n) {
        long doc = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            long[] r = request(g, t);
            doc += r[0];
            total += r[1];
        }
        return new double[] {doc / 1e3 / n, total / 1e3 / n};
    }

    /** Mean microseconds of the document step alone for the container text, each time with a new value. */
    private static double containerBlock(Timed t, int n) {
        long before = t.nanos;
        for (int i = 0; i < n; i++) {
            ExecutionInput in = ExecutionInput.newExecutionInput(containerQuery(counter++)).build();
            t.getDocumentAsync(in, parseAndValidate).join();
        }
        return (t.nanos - before) / 1e3 / n;
    }

    /** graphql-java's parse and validation, as {@code GraphQL.execute} hands it to the provider. */
    private static Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate;

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

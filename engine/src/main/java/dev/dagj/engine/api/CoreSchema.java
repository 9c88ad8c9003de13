package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The engine's core API schema ({@code schema.graphqls} merged with {@code module.graphqls}), parsed once per engine
 * on a background thread started with the engine, so the parse (the costliest step of a cold CLI run's first session)
 * overlaps the engine's other start-up work, and nested sessions reuse it instead of parsing again.
 */
public final class CoreSchema {
    private final CompletableFuture<TypeDefinitionRegistry> parsed = new CompletableFuture<>();

    private CoreSchema() {
    }

    /** Starts parsing on a daemon thread and returns at once. */
    public static CoreSchema parseInBackground() {
        CoreSchema s = new CoreSchema();
        Thread.ofPlatform().daemon().name("dagj-schema-parse").start(s::parse);
        return s;
    }

    private void parse() {
        try {
            parsed.complete(parse(GraphqlApi.SCHEMA_RESOURCE).merge(parse(GraphqlApi.MODULE_SCHEMA_RESOURCE)));
        } catch (EngineException | RuntimeException e) {
            parsed.completeExceptionally(e);
        }
    }

    /** A fresh registry of the core schema, without {@code Query.host} unless {@code host}; waits for the parse. */
    TypeDefinitionRegistry registry(boolean host) throws EngineException {
        TypeDefinitionRegistry r;
        try {
            r = new TypeDefinitionRegistry().merge(parsed.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while parsing the API schema", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                throw ee;
            }
            throw new EngineException("cannot parse the API schema: " + e.getCause(), e.getCause());
        }
        if (!host) {
            ObjectTypeDefinition q = r.getType("Query", ObjectTypeDefinition.class).orElseThrow();
            ObjectTypeDefinition without = q.transform(b -> b.fieldDefinitions(q.getFieldDefinitions().stream()
                    .filter(f -> !f.getName().equals("host")).toList()));
            r.remove(q);
            r.add(without);
        }
        return r;
    }

    private static TypeDefinitionRegistry parse(String resource) throws EngineException {
        try (InputStream in = GraphqlApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EngineException("the API schema resource " + resource + " is missing from the build");
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return new SchemaParser().parse(r);
            }
        } catch (IOException e) {
            throw new EngineException("cannot read the API schema: " + e.getMessage(), e);
        }
    }
}

package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's core API schema ({@code schema.graphqls} merged with {@code module.graphqls}), parsed once per engine,
 * and nested sessions reuse it instead of parsing again. The parse is the costliest step of a session's start (about
 * 55 ms of CPU in the CLI's C1-only JVM), so it either runs on a background thread started with the engine, to overlap
 * the engine's other start-up work, or only when a schema is first generated: a warm {@code dagger functions}, whose
 * introspection is kept, never needs it. Serving a module needs only the names of the core types
 * ({@link #typeNames}), which come from a scan of the SDL text, not the parse.
 */
public final class CoreSchema {
    /** A type definition at the start of a line: its kind and name. Descriptions are indented or quoted. */
    private static final Pattern TYPE_DEFINITION = Pattern.compile(
            "^(?:type|scalar|enum|input|interface|union)\\s+([_A-Za-z][_0-9A-Za-z]*)", Pattern.MULTILINE);
    private final CompletableFuture<TypeDefinitionRegistry> parsed = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Set<String> typeNames;

    private CoreSchema() {
    }

    /** Starts parsing on a daemon thread and returns at once. */
    public static CoreSchema parseInBackground() {
        CoreSchema s = new CoreSchema();
        s.startInBackground();
        return s;
    }

    /** Parses on the thread that first needs the registry, unless {@link #startInBackground} is called first. */
    public static CoreSchema parseOnDemand() {
        return new CoreSchema();
    }

    /** Starts the parse on a daemon thread, unless it has started already. */
    public void startInBackground() {
        if (started.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("dagj-schema-parse").start(this::parse);
        }
    }

    private void parse() {
        try {
            parsed.complete(parse(GraphqlApi.SCHEMA_RESOURCE).merge(parse(GraphqlApi.MODULE_SCHEMA_RESOURCE)));
        } catch (EngineException | RuntimeException e) {
            parsed.completeExceptionally(e);
        }
    }

    /**
     * The names of the types the core schema defines (objects, scalars, enums, inputs, interfaces, unions), read from
     * its SDL text without parsing it.
     */
    Set<String> typeNames() throws EngineException {
        Set<String> names = typeNames;
        if (names == null) {
            Set<String> found = new HashSet<>();
            for (String resource : List.of(GraphqlApi.SCHEMA_RESOURCE, GraphqlApi.MODULE_SCHEMA_RESOURCE)) {
                Matcher m = TYPE_DEFINITION.matcher(text(resource));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
            names = Set.copyOf(found);
            typeNames = names;
        }
        return names;
    }

    /** A fresh registry of the core schema, without {@code Query.host} unless {@code host}; waits for the parse. */
    TypeDefinitionRegistry registry(boolean host) throws EngineException {
        if (started.compareAndSet(false, true)) {
            parse();
        }
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
        return new SchemaParser().parse(text(resource));
    }

    private static String text(String resource) throws EngineException {
        try (InputStream in = GraphqlApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EngineException("the API schema resource " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("cannot read the API schema: " + e.getMessage(), e);
        }
    }
}

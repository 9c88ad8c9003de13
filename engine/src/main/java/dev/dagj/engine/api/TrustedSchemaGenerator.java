package dev.dagj.engine.api;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.FastSchemaGenerator;
import graphql.schema.idl.ImmutableTypeDefinitionRegistry;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaGeneratorHelper;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * Generates an executable schema from a type registry that is known to be valid (its identity validated before, see
 * {@link GraphqlApi}), skipping the registry type check that graphql-java's {@link FastSchemaGenerator} runs on every
 * generation: in a warm CLI {@code call}, that check is a large part of generating the schema, on the request's path.
 * It reaches graphql-java's package-private steps (same unnamed module on the class path); when they are not there
 * (another graphql-java version), or not reachable, it falls back to the {@link FastSchemaGenerator} without
 * validation. {@code TrustedSchemaGeneratorTest} checks that both give the same schema.
 */
final class TrustedSchemaGenerator {
    private static final Steps STEPS = Steps.find();

    private TrustedSchemaGenerator() {
    }

    /** Whether the check is skipped, for tests: false when graphql-java's steps were not found. */
    static boolean skipsTheTypeCheck() {
        return STEPS != null;
    }

    static GraphQLSchema make(TypeDefinitionRegistry registry, RuntimeWiring wiring) {
        SchemaGenerator.Options options = SchemaGenerator.Options.defaultOptions().withValidation(false);
        if (STEPS == null) {
            return new FastSchemaGenerator().makeExecutableSchema(options, registry, wiring);
        }
        try {
            TypeDefinitionRegistry copy = new TypeDefinitionRegistry().merge(registry);
            STEPS.addDefaultDirectives.invoke(new SchemaGeneratorHelper(), copy);
            ImmutableTypeDefinitionRegistry readOnly = copy.readOnly();
            Object operations = STEPS.operations.invoke(copy);
            return (GraphQLSchema) STEPS.generate.invoke(new FastSchemaGenerator(), readOnly, wiring, operations,
                    options);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot generate the API schema: " + e, e);
        }
    }

    private record Steps(MethodHandle addDefaultDirectives, MethodHandle operations, MethodHandle generate) {
        static Steps find() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(FastSchemaGenerator.class,
                        MethodHandles.lookup());
                return new Steps(
                        lookup.findVirtual(SchemaGeneratorHelper.class, "addDirectivesIncludedByDefault",
                                MethodType.methodType(void.class, TypeDefinitionRegistry.class)),
                        lookup.findStatic(lookup.findClass("graphql.schema.idl.SchemaExtensionsChecker"),
                                "gatherOperationDefs", MethodType.methodType(Map.class, TypeDefinitionRegistry.class)),
                        lookup.findVirtual(FastSchemaGenerator.class, "makeExecutableSchemaImpl",
                                MethodType.methodType(GraphQLSchema.class, ImmutableTypeDefinitionRegistry.class,
                                        RuntimeWiring.class, Map.class, SchemaGenerator.Options.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}
